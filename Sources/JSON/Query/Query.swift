#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A filter in jq's language (jq 1.8), evaluated on our ordered JSON values. Parse once, evaluate on as many
/// inputs as needed (each page, NDJSON line or batch response).
///
/// Everything in jq 1.8's manual is here except modules (`import`, `include`: an HTTP client's query has no
/// module search path), `input_filename` (null), `$__prog_args`, and `getpath`-style builtins that need SQL or
/// decimal numbers (`have_decnum` is false). Runtime errors use jq's wording; `error(v)` carries `v` to `catch`.
public struct Query: Sendable {
    /// The expression as given.
    public let expression: String
    private let root: QueryNode
    /// How to run it one element at a time on an array body, when it can be.
    let elementPlan: QueryElementPlan?
    /// `--arg NAME VALUE` and `--argjson NAME JSON`: `$NAME`, and the `named` part of `$ARGS`.
    public let named: [(String, JSONValue)]
    /// `--args` / `--jsonargs`: the `positional` part of `$ARGS`.
    public let positional: [JSONValue]

    /// Parses `expression`; a syntax error carries the column where it was found.
    public init(_ expression: String, named: [(String, JSONValue)] = [], positional: [JSONValue] = [])
        throws(QueryError)
    {
        self.expression = expression
        self.named = named
        self.positional = positional
        root = try QueryParser.parse(expression)
        try QueryChecker.check(root, expression: expression, globals: Set(named.map(\.0)))
        elementPlan = QueryElementPlan(root)
    }

    /// All outputs of the filter for `input`, in jq's order.
    public func evaluate(_ input: JSONValue) throws(QueryError) -> [JSONValue] {
        var results: [JSONValue] = []
        try evaluate(input) { results.append($0) }
        return results
    }

    /// Hands each output to `body` as soon as it is produced, so the outputs before a runtime error are still
    /// delivered (jq prints them before the error too). `inputs` is what `input` and `inputs` read.
    /// `budget` limits the work (see `QueryBudget`); pass the same one to every evaluation on one body.
    public func evaluate(
        _ input: JSONValue, inputs: QueryInputs = QueryInputs(), budget: QueryBudget = QueryBudget(),
        each body: (JSONValue) -> Void
    ) throws(QueryError) {
        let interpreter = QueryInterpreter(globals: globals, inputs: inputs, budget: budget)
        do {
            try interpreter.eval(root, nil, input, nil, false) { (value, _) throws(QueryError) in body(value) }
        } catch {
            if error.breakLabel != nil {
                throw QueryError.runtime("break").attaching(expression: expression)
            }
            throw error.attaching(expression: expression)
        }
    }

    /// Whether an array body is read one element at a time (`Query.run(body:)`).
    public var readsArrayBodyByElement: Bool { elementPlan != nil }

    /// The members of each element that are built when the body is read by element, in order; nil when the
    /// whole element is (or the body is not read by element).
    public var elementMembers: [String]? { elementPlan?.members?.sorted() }

    /// `$ENV`, `$ARGS` and the named arguments.
    var globals: [String: JSONValue] {
        var values: [String: JSONValue] = ["ENV": Self.environment]
        var namedObject = JSONObject()
        for (name, value) in named {
            values[name] = value
            namedObject[name] = value
        }
        values["ARGS"] = .object(["positional": .array(positional), "named": .object(namedObject)])
        values["__prog_args"] = .array(positional)
        return values
    }

    /// The process environment as an object (read once).
    static let environment: JSONValue = {
        var object = JSONObject()
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if object[name] == nil { object[name] = .string(String(text[text.index(after: equals)...])) }
            }
            pointer += 1
        }
        return .object(object)
    }()
}

extension Query {
    /// jq's equality: numbers by value, objects by members in any order.
    public static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { QueryOrdering.equal(a, b) }
}
