import JSON
import Testing

/// Expressions the built-in query refuses, each at the column where the problem starts.
@Suite("query parse errors")
struct QueryParseErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let expression: String
        let column: Int
        /// Text the message must contain.
        let message: String

        init(_ expression: String, _ column: Int, _ message: String) {
            self.expression = expression
            self.column = column
            self.message = message
        }

        var testDescription: String { expression }
    }

    /// Valid jq outside the subset: the message names the construct and points to jq.
    static let unsupported: [Row] = [
        Row("reduce .[] as $x (0; . + $x)", 0, "'reduce'"),
        Row(".[] | foreach .[] as $x (0; 1)", 6, "'foreach'"),
        Row(".[] as $x | $x", 4, "'as'"),
        Row("$x", 0, "'$x'"),
        Row(".a + $__loc__", 5, "'$__loc__'"),
        Row("$__loc__", 0, "'$__loc__'"),
        Row("def f: 1; f", 0, "'def'"),
        Row("@base64", 0, "'@base64'"),
        Row(".a | @csv", 5, "'@csv'"),
        Row("..", 0, "'..'"),
        Row(".a | ..", 5, "'..'"),
        Row("[..]", 1, "'..'"),
        Row(".a //= 1", 3, "'//='"),
        Row(".a = 1", 3, "'='"),
        Row(".a |= 1", 3, "'|='"),
        Row(".a += 1", 3, "'+='"),
        Row("(.a -= 1)", 4, "'-='"),
        Row("{a: (.b *= 2)}", 8, "'*='"),
        Row("foo(1)", 0, "'foo/1'"),
        Row("foo", 0, "'foo/0'"),
        Row(".a | tostring", 5, "'tostring/0'"),
        Row("limit(1; .[])", 0, "'limit/2'"),
        Row("map(.a; .b)", 0, "'map/2' (the subset has 'map(f)' only)"),
        Row("length(1)", 0, "'length/1' (the subset has 'length' only)"),
        Row("first(.[])", 0, "'first/1' (the subset has 'first' only)"),
        Row(".a.b | sort_by(.x)", 7, "'sort_by/1'"),
        Row("try .a", 0, "'try'"),
        Row(".a | try .b catch .c", 5, "'try'"),
        Row("label $out | 1", 0, "'label'"),
        Row(#"import "a" as a; ."#, 0, "'import'"),
        Row(#"include "x"; ."#, 0, "'include'"),
        Row(#""id: \(.id)""#, 5, "string interpolation"),
        Row(#"{a: "\(.b)"}"#, 5, "string interpolation"),
        Row("input", 0, "'input/0'"),
        Row("env.HOME", 0, "'env/0'"),
        Row("a::b", 0, "modules"),
        Row(#"[.[] as [$a] ?// $a | $a]"#, 5, "'as'"),
        Row("{$x}", 1, "'$x'"),
        Row("{@base64: 1}", 1, "'@base64'"),
        Row("{a: 1} | reduce", 9, "'reduce'"),
    ]

    /// Not valid jq at all.
    static let syntax: [Row] = [
        Row(".a[", 3, "unexpected end of query"),
        Row("(.a", 3, "expected ')'"),
        Row("[.a", 3, "expected ']'"),
        Row(".a)", 2, "unexpected ')'"),
        Row(".a]", 2, "unexpected ']'"),
        Row("{a: 1 + 2}", 6, "unexpected '+' in an object value"),
        Row("{1: 2}", 1, "object keys must be"),
        Row("{(.a)}", 5, "expected ':'"),
        Row("{a: 1 b: 2}", 6, "expected ',' or '}'"),
        Row("{,}", 1, "object keys must be"),
        Row("1 < 2 < 3", 6, "comparisons cannot be chained"),
        Row("1 == 1 == 1", 7, "comparisons cannot be chained"),
        Row(#""abc"#, 0, "unterminated string literal"),
        Row(#""a\qb""#, 2, "invalid escape '\\q'"),
        Row(#""\u12""#, 1, "invalid \\u escape"),
        Row(".a !", 3, "unexpected character '!'"),
        Row(".a & .b", 3, "unexpected character '&'"),
        Row("if . then 1", 11, "expected 'end'"),
        Row("if . 1 end", 5, "expected 'then'"),
        Row(".[] |", 5, "unexpected end of query"),
        Row(",", 0, "unexpected ','"),
        Row("then", 0, "unexpected 'then'"),
        Row(".a and", 6, "unexpected end of query"),
        Row(".a | | .b", 5, "unexpected '|'"),
        Row("map(.a", 6, "expected ')'"),
        Row(".a.", 2, "unexpected '.'"),
        Row("[1,]", 3, "unexpected ']'"),
    ]

    @Test("unsupported jq is refused, pointing to jq", arguments: unsupported)
    func refusesUnsupported(_ row: Row) {
        let error = #expect(throws: QueryError.self) { try Query(row.expression) }
        #expect(error?.column == row.column)
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains(row.message) == true, "\(error?.message ?? "")")
        #expect(
            error?.message.hasSuffix(
                "is not supported by api's built-in query (a subset of jq); pipe to jq for the full language") == true)
    }

    @Test("invalid syntax is refused", arguments: syntax)
    func refusesInvalidSyntax(_ row: Row) {
        let error = #expect(throws: QueryError.self) { try Query(row.expression) }
        #expect(error?.column == row.column)
        #expect(error?.kind == .syntax)
        #expect(error?.message.contains(row.message) == true, "\(error?.message ?? "")")
    }

    @Test(
        "jq also rejects the invalid syntax", .enabled(if: JQProcess.isInstalled, "jq is not installed at /usr/bin/jq"),
        arguments: syntax)
    func jqRejectsTheSameSyntax(_ row: Row) throws {
        let jq = try JQProcess.run(["-n", row.expression], input: "")
        #expect(jq.status == 3, "jq exit status \(jq.status): \(jq.stderr)")
    }

    @Test func caretLinesPointAtTheColumn() {
        let error = #expect(throws: QueryError.self) { try Query(".items[] | reduce .x") }
        #expect(error?.caretLines == ".items[] | reduce .x\n           ^")
        #expect(
            error?.description
                == "invalid query at column 12: 'reduce' is not supported by api's built-in query (a subset of jq); "
                + "pipe to jq for the full language")
    }

    @Test func caretLinesShowTheLineOfAMultiLineQuery() {
        let error = #expect(throws: QueryError.self) { try Query(".items[]\n| select(.a)\n| $x") }
        #expect(error?.column == 24)
        #expect(error?.caretLines == "| $x\n  ^")
        #expect(error?.description.hasPrefix("invalid query at line 3, column 3: ") == true)
    }

    @Test func caretLinesKeepTabsAndCountCharacters() {
        let error = #expect(throws: QueryError.self) { try Query("\t.\"é😀\" | $x") }
        #expect(error?.column == 9)
        #expect(error?.caretLines == "\t.\"é😀\" | $x\n\t        ^")
    }

    @Test func deepNestingIsRefusedNotCrashing() {
        let parens = String(repeating: "(", count: 10_000) + "." + String(repeating: ")", count: 10_000)
        let nested = #expect(throws: QueryError.self) { try Query(parens) }
        #expect(nested?.message.contains("nested too deeply") == true)

        let chain = String(repeating: ".a", count: 10_000)
        let chained = #expect(throws: QueryError.self) { try Query(chain) }
        #expect(chained?.message.contains("nested too deeply") == true)

        let sum = Array(repeating: "1", count: 10_000).joined(separator: " + ")
        #expect(throws: QueryError.self) { try Query(sum) }
    }

    @Test func longListsAreNotNesting() throws {
        let list = "[" + (1...5_000).map(String.init).joined(separator: ", ") + "] | length"
        #expect(try Query(list).evaluate(.null) == [5_000])
    }
}
