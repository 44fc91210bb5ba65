import JSON
import Testing

/// Inputs a query cannot handle: api fails where jq fails, with jq's wording (first letter lower-cased).
@Suite("query runtime errors")
struct QueryRuntimeErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        let expression: String
        let message: String
        /// False where api words it differently from jq 1.6 on purpose.
        var sameWordingAsJQ16 = true

        var testDescription: String { "\(expression)  ⟵  \(input)" }
    }

    static let rows: [Row] = [
        Row(input: "5", expression: ".a", message: #"cannot index number with string "a""#),
        Row(input: "[1,2]", expression: ".a.b", message: #"cannot index array with string "a""#),
        Row(input: "{}", expression: ".[0]", message: "cannot index object with number"),
        Row(input: "[]", expression: #".["a"]"#, message: #"cannot index array with string "a""#),
        Row(input: #""s""#, expression: ".[0]", message: "cannot index string with number"),
        Row(input: "{}", expression: ".[true]", message: "cannot index object with boolean"),
        Row(input: "null", expression: ".[true]", message: "cannot index null with boolean"),
        Row(input: "[1,2,3]", expression: ".[null]", message: "cannot index array with null"),
        Row(
            input: "1", expression: #".["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]"#,
            message: "cannot index number with string"),
        Row(input: "true", expression: ".[]", message: "cannot iterate over boolean (true)"),
        Row(input: "null", expression: ".[]", message: "cannot iterate over null (null)"),
        Row(input: "5", expression: ".[]", message: "cannot iterate over number (5)"),
        Row(input: "[1]", expression: ".[] | .[]", message: "cannot iterate over number (1)"),
        Row(input: "null", expression: "map(.)", message: "cannot iterate over null (null)"),
        Row(input: "3", expression: "add", message: "cannot iterate over number (3)"),
        Row(input: #"{"a":1}"#, expression: ".[1:2]", message: "cannot index object with object"),
        Row(
            input: "[1]", expression: #".["a":2]"#,
            message: "start and end indices of an array slice must be numbers"),
        Row(
            input: "[1,2,3]", expression: #".[{"start": 1}]"#,
            message: "start and end indices of an array slice must be numbers"),
        Row(
            input: #""ab""#, expression: #".["a":]"#,
            message: "start and end indices of a string slice must be numbers", sameWordingAsJQ16: false),
        Row(input: "true", expression: "length", message: "boolean (true) has no length"),
        Row(input: "1", expression: "keys", message: "number (1) has no keys"),
        Row(input: "null", expression: "keys", message: "null (null) has no keys"),
        Row(input: "{}", expression: "first", message: "cannot index object with number"),
        Row(input: "{}", expression: "has(0)", message: "cannot check whether object has a number key"),
        Row(input: "[]", expression: #"has("a")"#, message: "cannot check whether array has a string key"),
        Row(input: "null", expression: #"1 + "a""#, message: #"number (1) and string ("a") cannot be added"#),
        Row(input: "null", expression: #"1 - "a""#, message: #"number (1) and string ("a") cannot be subtracted"#),
        Row(input: "null", expression: "{} - {}", message: "object ({}) and object ({}) cannot be subtracted"),
        Row(input: "null", expression: "{} * 2", message: "object ({}) and number (2) cannot be multiplied"),
        Row(input: "null", expression: "[] / 2", message: "array ([]) and number (2) cannot be divided"),
        Row(input: "null", expression: "[] % 2", message: "array ([]) and number (2) cannot be divided (remainder)"),
        Row(
            input: #"{"a":1,"b":0}"#, expression: ".a / .b",
            message: "number (1) and number (0) cannot be divided because the divisor is zero"),
        Row(
            input: #"{"a":1,"b":0.5}"#, expression: ".a % .b",
            message: "number (1) and number (0.5) cannot be divided (remainder) because the divisor is zero"),
        Row(
            input: "null", expression: #""abcdefghijklmnopqrstuvwxyz" + 1"#,
            message: #"string ("abcdefghij...) and number (1) cannot be added"#),
        Row(
            input: "null", expression: "[1,2,3,4,5,6,7,8,9] + 1",
            message: "array ([1,2,3,4,5,...) and number (1) cannot be added"),
        Row(
            input: "null", expression: #"{"a":[1,2,3,4,5,6]} + 1"#,
            message: #"object ({"a":[1,2,3...) and number (1) cannot be added"#),
        Row(
            input: "null", expression: #""\u0000\u001f\u007f" + 1"#,
            message: #"string ("\u0000\u00...) and number (1) cannot be added"#),
        Row(input: "null", expression: #"-"a""#, message: #"string ("a") cannot be negated"#),
        Row(input: #"{"a":1}"#, expression: "{(.a): 1}", message: "cannot use number (1) as object key"),
        Row(input: "1", expression: "[.a // 5]", message: #"cannot index number with string "a""#),
        Row(input: "1", expression: "[(2, .a) // 5]", message: #"cannot index number with string "a""#),
        Row(input: "1", expression: "[.a.b?]", message: #"cannot index number with string "a""#),
        Row(input: "1", expression: ".a[]?", message: #"cannot index number with string "a""#),
        Row(input: "[1,2]", expression: "[.[]? | .a]", message: #"cannot index number with string "a""#),
        Row(input: "[1,2]", expression: "[.[] | select(.a)]", message: #"cannot index number with string "a""#),
    ]

    @Test("fails with jq's message", arguments: rows)
    func fails(_ row: Row) throws {
        let query = try Query(row.expression)
        let input = try JSON.parse(row.input)
        let error = #expect(throws: QueryError.self) { try query.evaluate(input) }
        #expect(error?.message == row.message)
        #expect(error?.kind == .runtime)
        #expect(error?.column == 0)
        #expect(error?.expression == row.expression)
        #expect(error?.description == "query failed: \(row.message)")
    }

    @Test(
        "jq fails on the same rows", .enabled(if: JQProcess.isInstalled, "jq is not installed at /usr/bin/jq"),
        arguments: rows)
    func jqFailsToo(_ row: Row) throws {
        let jq = try JQProcess.run(["-c", row.expression], input: row.input)
        #expect(jq.status == 5, "jq exit status \(jq.status): \(jq.stderr)")
        if JQProcess.version == "jq-1.6" && row.sameWordingAsJQ16 {
            #expect(JQProcess.runtimeMessage(jq.stderr) == row.message)
        }
    }

    @Test func outputsBeforeTheErrorAreDelivered() throws {
        let query = try Query("1, 2, (null | .[]), 3")
        var seen: [JSONValue] = []
        #expect(throws: QueryError.self) { try query.evaluate(.null) { seen.append($0) } }
        #expect(seen == [1, 2])
    }

    @Test func oneQueryRunsOnManyInputs() throws {
        let query = try Query("[.[] | select(. > 1)] | length")
        #expect(try query.evaluate([1, 2, 3]) == [2])
        #expect(try query.evaluate([]) == [0])
        #expect(throws: QueryError.self) { try query.evaluate(5) }
        #expect(try query.evaluate([5, 0, 9]) == [2])
    }
}
