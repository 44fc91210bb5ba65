import JSON
import Testing

/// Rows where jq 1.6 and jq 1.7 differ, or where api deliberately differs from the jq 1.6 on this machine.
/// Each asserts the documented behaviour directly instead of asking jq.
@Suite("query behaviour where jq versions differ")
struct QueryVersionDifferenceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: JSONValue
        let expression: String
        let expected: [JSONValue]
        let note: String

        var testDescription: String { "\(expression): \(note)" }
    }

    static let rows: [Row] = [
        Row(
            input: ["a": [1]], expression: ".a.[0]", expected: [1],
            note: "jq 1.7 allows '.[' after a path; jq 1.6 says syntax error"),
        Row(
            input: true, expression: "if . then 1 end", expected: [1],
            note: "jq 1.7 makes 'else' optional; jq 1.6 requires it"),
        Row(
            input: false, expression: "if . then 1 end", expected: [false],
            note: "a missing 'else' means 'else .' (jq 1.7)"),
        Row(
            input: 1, expression: "[.a?//5]", expected: [[5]],
            note: "'?//' reads as '?' then '//' (jq lexes it as the destructuring alternative and fails)"),
        Row(
            input: nil, expression: #"["abc" * 0.5, "abc" * 1.5, "abc" * 2.5]"#, expected: [["abc", "abc", "abcabc"]],
            note: "jq 1.6 repeats a string once for a fraction below 1"),
        Row(
            input: nil, expression: #""x" * 1e10"#, expected: [nil],
            note: "jq 1.6's count overflows to a negative int, giving null; api does the same instead of a 10 GB string"
        ),
        Row(
            input: nil, expression: "[1.000, 1.50, 100000000000000000001]",
            expected: [
                [
                    .number(JSONNumber(literal: "1.000")), .number(JSONNumber(literal: "1.50")),
                    .number(JSONNumber(literal: "100000000000000000001")),
                ]
            ],
            note: "number literals keep their text (jq 1.7); jq 1.6 prints 1, 1.5 and 100000000000000000000"),
        Row(
            input: ["n": .number(JSONNumber(literal: "-12345678901234567890.50"))], expression: "[.n | length, -.]",
            expected: [
                [
                    .number(JSONNumber(literal: "12345678901234567890.50")),
                    .number(JSONNumber(literal: "12345678901234567890.50")),
                ]
            ],
            note: "length and unary minus of a number flip the sign on the literal, so nothing is rounded"),
    ]

    @Test("documented result", arguments: rows)
    func documentedResult(_ row: Row) throws {
        let actual = try Query(row.expression).evaluate(row.input)
        #expect(actual == row.expected, "got \(queryOutputText(actual))")
    }

    /// jq 1.6 swallows an error raised *after* a `?` term has produced a value (jq issue #1859, fixed in 1.7);
    /// api follows jq 1.7: `?` only covers errors inside its own term.
    @Test func errorsDownstreamOfAnOptionalTermStillFail() throws {
        let query = try Query("(.[0], .[1])? | .a")
        let error = #expect(throws: QueryError.self) { try query.evaluate([1, 2]) }
        #expect(error?.message == #"cannot index number with string "a""#)
        #expect(try Query("[(.[0], .a, .[1])?]").evaluate([1, 2]) == [[1]])
    }

    /// jq 1.6 and 1.7.0 say `cannot index number with string "a"`; jq 1.7.1 drops the word `string`. api uses the
    /// wording of the jq installed by `make test` (1.6), checked against it in `QueryRuntimeErrorTests`.
    @Test func indexErrorWording() throws {
        let error = #expect(throws: QueryError.self) { try Query(".a").evaluate(5) }
        #expect(error?.message == #"cannot index number with string "a""#)
    }
}
