/// A filter in api's built-in query language, a subset of jq with jq's results (checked against jq in the tests).
/// Parse once, evaluate on as many inputs as needed (each page, NDJSON line or batch response).
///
/// The language:
/// - paths: `.`, `.a.b`, `."odd key"`, `.["key"]`, `.[0]`, `.[-1]`, `.[2:5]` (arrays and strings; bounds may be
///   negative or left out), `.[]`, `.[F]` with any filter as the key; `?` after a step drops that step's errors
///   (`.a?`, `.[]?`), after any other term all errors inside it (`length?`, `(F)?`)
/// - `F | G`, `F, G`, `(F)`, `F // G` (the outputs of `F` that are not false or null, else those of `G`)
/// - `== != < <= > >=` with jq's order null < false < true < numbers < strings < arrays < objects; `and`, `or`
/// - `+ - * / %` and unary `-` with jq's rules (`null + x`, string and array concatenation, object merge,
///   array difference, string repeat and split, deep object merge with `*`)
/// - literals: numbers (kept as written), strings with JSON escapes, `true`, `false`, `null`
/// - `[F]`, `[]`, `{a, "b c", d: F, "e": F, (F): G}` (one object per combination when values give several outputs)
/// - `if C then A elif C2 then B else D end` (`else` optional)
/// - functions: `length`, `keys`, `keys_unsorted`, `first`, `last`, `not`, `empty`, `type`, `add`, `map(f)`,
///   `select(f)`, `has(k)`
/// - `#` comments; an empty query is `.`
///
/// Anything else (`reduce`, `foreach`, `def`, `try`, `$variables`, `as`, `@formats`, `..`, assignments, string
/// interpolation, other functions) is a `QueryError` of kind `.unsupported` at the column where it starts, whose
/// message suggests piping to jq. Runtime errors use jq's wording.
public struct Query: Sendable {
    /// The expression as given.
    public let expression: String
    private let root: QueryNode

    /// Parses `expression`; anything outside the subset is an error with the column where it starts.
    public init(_ expression: String) throws(QueryError) {
        self.expression = expression
        root = try QueryParser.parse(expression)
    }

    /// All outputs of the filter for `input`, in jq's order.
    public func evaluate(_ input: JSONValue) throws(QueryError) -> [JSONValue] {
        var results: [JSONValue] = []
        try evaluate(input) { results.append($0) }
        return results
    }

    /// Hands each output to `body` as soon as it is produced, so the outputs before a runtime error are still
    /// delivered (jq prints them before the error too).
    public func evaluate(_ input: JSONValue, each body: (JSONValue) -> Void) throws(QueryError) {
        do {
            try QueryEvaluator.evaluate(root, input) { (value: JSONValue) throws(QueryError) in body(value) }
        } catch {
            throw error.attaching(expression: expression)
        }
    }
}
