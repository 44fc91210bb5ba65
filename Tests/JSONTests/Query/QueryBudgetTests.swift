import JQSuite
import JSON
import Testing

/// Runaway queries end with a budget error (which no `try`, `?`, `//` or `catch` stops); ordinary big ones pass.
@Suite("query budget")
struct QueryBudgetTests {
    /// Outputs and the error of `expression` on `input` under `budget` (on a large stack: a debug build's
    /// frames are big, and test threads' stacks small).
    static func run(_ expression: String, _ input: JSONValue = .null, budget: @escaping () -> QueryBudget)
        -> (outputs: Int, error: QueryError?)
    {
        nonisolated(unsafe) var outcome: (Int, QueryError?) = (0, nil)
        runOnLargeStack {
            var outputs = 0
            do {
                let query = try Query(expression)
                try query.evaluate(input, budget: budget()) { _ in outputs += 1 }
                outcome = (outputs, nil)
            } catch {
                outcome = (outputs, error as? QueryError)
            }
        }
        return outcome
    }

    static let small: @Sendable () -> QueryBudget = {
        QueryBudget(steps: 200_000, collectedValues: 50_000, callDepth: 200)
    }

    /// Each runs forever (or until memory runs out) in jq.
    @Test(arguments: [
        ("[range(1e18)]", "built arrays of more than 50000 values in all (the memory budget)"),
        ("[range(1e9)] | length", "built arrays of more than 50000 values in all (the memory budget)"),
        ("range(1e18) | empty", "ran more than 200000 steps (the evaluation budget)"),
        ("last(range(1e18))", "ran more than 200000 steps (the evaluation budget)"),
        ("range(1e17; 1e18) | empty", "ran more than 200000 steps (the evaluation budget)"),
        ("def f: f; f", "function calls nested more than 200 deep (the recursion limit)"),
        ("def f: 1 + f; f", "function calls nested more than 200 deep (the recursion limit)"),
        ("repeat(.) | empty", "function calls nested more than 200 deep (the recursion limit)"),
        ("last(repeat(1))", "function calls nested more than 200 deep (the recursion limit)"),
        ("[limit(1e9; repeat(1))]", "function calls nested more than 200 deep (the recursion limit)"),
        ("0 | until(. < 0; . + 1)", "function calls nested more than 200 deep (the recursion limit)"),
        ("[recurse(. + 1)] | length", "function calls nested more than 200 deep (the recursion limit)"),
        ("reduce range(1e18) as $i (0; . + $i)", "ran more than 200000 steps (the evaluation budget)"),
        ("[foreach range(1e18) as $i (0; . + 1)] | length", "ran more than 200000 steps (the evaluation budget)"),
        ("reduce range(5000) as $i ([]; . + [$i]) | length", "ran more than 200000 steps (the evaluation budget)"),
        ("label $out | range(1e18) | empty", "ran more than 200000 steps (the evaluation budget)"),
        ("[.[]?, range(1e18)] | length", "built arrays of more than 50000 values in all (the memory budget)"),
    ])
    func runawayQueryEnds(_ expression: String, _ message: String) {
        let (_, error) = Self.run(expression, budget: Self.small)
        #expect(error?.isLimit == true, "\(expression)")
        #expect(error?.message == message, "\(expression)")
        #expect(error?.description == "--query: \(message)")
    }

    /// The budget is not an error the query can handle: it would go on running.
    @Test(arguments: [
        "try ([range(1e18)]) catch \"caught\"", "[range(1e18)]?", "([range(1e18)] // 1)",
        "isvalid([range(1e18)])", "(try (def f: f; f) catch 1), 2", "[range(1e18)] as [$a] ?// $a | 1",
        "first(range(1e18) | select(. < 0))", "try error(\"x\") catch ([range(1e18)])",
    ])
    func nothingCatchesTheBudget(_ expression: String) {
        let (outputs, error) = Self.run(expression, budget: Self.small)
        #expect(error?.isLimit == true, "\(expression)")
        #expect(outputs == 0)
    }

    /// The outputs produced before the budget ran out are delivered, as before any runtime error.
    @Test func outputsBeforeTheLimitAreDelivered() {
        let (outputs, error) = Self.run("range(1e18)", budget: Self.small)
        #expect(error?.isLimit == true)
        #expect(outputs > 10_000 && outputs < 200_000)
    }

    /// Real scripts fit the default budget with room to spare.
    @Test(arguments: [
        ("[range(1000000)] | length", "1000000"),
        ("reduce range(2000000) as $i (0; . + $i)", "1999999000000"),
        ("[limit(1500; repeat(1))] | length", "1500"),
        ("def f: if . < 1500 then . + 1 | f else . end; 0 | f", "1500"),
        ("[recurse(if . < 1500 then . + 1 else empty end)] | length", "1501"),
        ("reduce range(3000) as $i ([]; . + [$i]) | length", "3000"),
        ("[range(100000) | tostring] | sort | length", "100000"),
        ("0 | until(. >= 1500; . + 1)", "1500"),
    ])
    func ordinaryBigQueriesPass(_ expression: String, _ expected: String) throws {
        nonisolated(unsafe) var result: Result<[JSONValue], QueryError>?
        runOnLargeStack {
            result = Result { () throws(QueryError) in try Query(expression).evaluate(.null) }
        }
        let values = try #require(try result?.get())
        #expect(values == [try JSON.parse(expected)], "\(expression)")
    }

    /// One budget spans every evaluation given it (the values of one body).
    @Test func aBudgetIsShared() throws {
        let budget = QueryBudget(steps: 1_000, collectedValues: 1_000, callDepth: 100)
        let query = try Query("[range(200)] | length")
        try query.evaluate(.null, budget: budget) { _ in }
        try query.evaluate(.null, budget: budget) { _ in }
        #expect(throws: QueryError.self) { try query.evaluate(.null, budget: budget) { _ in } }
    }

    @Test func defaultsAreDocumented() {
        let budget = QueryBudget()
        #expect(budget.steps == 1_000_000_000)
        #expect(budget.collectedValues == 20_000_000)
        #expect(budget.callDepth == 2_000)
    }
}
