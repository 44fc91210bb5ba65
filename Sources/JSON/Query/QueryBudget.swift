/// How much work a query may do before it is stopped, so that `[range(1e18)]`, `def f: f; f` or `repeat(.)` end
/// with an error instead of running forever, and `[range(1e9)]` ends before it has eaten the machine's memory.
///
/// One budget is shared by every evaluation of a query on one response body (each value of an NDJSON body, each
/// element of a streamed array), so the limit is the same whichever path runs it. Exceeding a limit is an error
/// that `try`, `?`, `//` and `catch` do not stop.
public final class QueryBudget {
    /// Steps: one per filter evaluated, and one per value a builtin generates (`range`) or collects.
    public static let defaultSteps = 1_000_000_000
    /// Values collected into arrays that a query builds (`[...]`, `map`), counted over the whole evaluation.
    /// Each costs at least 24 bytes of memory, so the default keeps `[range(1e9)]` under about 700 MB.
    public static let defaultCollectedValues = 20_000_000
    /// Nested calls of functions written in jq (the prelude's `recurse`, `while`, `until` and the user's `def`s);
    /// calls also stop when the thread's stack is nearly used up (`QueryStackGuard`), whichever comes first.
    public static let defaultCallDepth = 2_000

    public let steps: Int
    public let collectedValues: Int
    public let callDepth: Int
    private(set) var stepsLeft: Int
    private(set) var collectedLeft: Int

    public init(
        steps: Int = defaultSteps, collectedValues: Int = defaultCollectedValues, callDepth: Int = defaultCallDepth
    ) {
        self.steps = max(steps, 0)
        self.collectedValues = max(collectedValues, 0)
        self.callDepth = max(callDepth, 0)
        stepsLeft = self.steps
        collectedLeft = self.collectedValues
    }

    /// Spends `count` steps (one by default).
    @inline(__always)
    func step(_ count: Int = 1) throws(QueryError) {
        stepsLeft -= count
        if stepsLeft < 0 { throw QueryError.limit("ran more than \(steps) steps (the evaluation budget)") }
    }

    /// Spends one step and one collected value (a value appended to an array being built).
    @inline(__always)
    func collect() throws(QueryError) {
        try step()
        collectedLeft -= 1
        if collectedLeft < 0 {
            throw QueryError.limit("built arrays of more than \(collectedValues) values in all (the memory budget)")
        }
    }

    func checkCallDepth(_ depth: Int) throws(QueryError) {
        if depth > callDepth {
            throw QueryError.limit("function calls nested more than \(callDepth) deep (the recursion limit)")
        }
    }
}
