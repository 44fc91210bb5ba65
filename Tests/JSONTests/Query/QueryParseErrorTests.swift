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

    /// jq that the old subset refused: all of it parses now.
    static let fullLanguage: [String] = [
        "reduce .[] as $x (0; . + $x)", ".[] | foreach .[] as $x (0; 1)", ".[] as $x | $x", ".a + $__loc__",
        "def f: 1; f", "@base64", ".a | @csv", "..", ".a //= 1", ".a = 1", ".a |= 1", "(.a -= 1)", "{a: (.b *= 2)}",
        ".a | tostring", "limit(1; .[])", "first(.[])", ".a.b | sort_by(.x)", "try .a", ".a | try .b catch .c",
        "label $out | 1", #""id: \(.id)""#, #"{a: "\(.b)"}"#, "input", "env.HOME", #"[.[] as [$a] ?// $a | $a]"#,
        "{$__loc__}", "{@base64: 1}",
    ]

    /// Modules and undefined names are compile errors.
    static let unsupported: [Row] = [
        Row("foo(1)", 0, "foo/1 is not defined"),
        Row("foo", 0, "foo/0 is not defined"),
        Row("map(.a; .b)", 0, "map/2 is not defined"),
        Row("$x", 0, "$x is not defined"),
        Row("{$x}", 1, "$x is not defined"),
        Row(#"import "a" as a; ."#, 0, "modules"),
        Row(#"include "x"; ."#, 0, "modules"),
        Row("a::b", 0, "modules"),
    ]

    /// Not valid jq at all.
    static let syntax: [Row] = [
        Row(".a[", 3, "unexpected end of query"),
        Row("(.a", 3, "expected ')'"),
        Row("[.a", 3, "expected ']'"),
        Row(".a)", 2, "unexpected ')'"),
        Row(".a]", 2, "unexpected ']'"),
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

    @Test("the full language parses", arguments: fullLanguage)
    func parsesTheFullLanguage(_ expression: String) throws {
        _ = try Query(expression)
    }

    @Test("undefined names and modules are refused", arguments: unsupported)
    func refusesUndefinedNames(_ row: Row) {
        let error = #expect(throws: QueryError.self) { try Query(row.expression) }
        #expect(error?.column == row.column)
        #expect(error?.message.contains(row.message) == true, "\(error?.message ?? "")")
    }

    @Test("invalid syntax is refused", arguments: syntax)
    func refusesInvalidSyntax(_ row: Row) {
        let error = #expect(throws: QueryError.self) { try Query(row.expression) }
        #expect(error?.kind == .syntax)
        #expect(error?.message.isEmpty == false)
    }

    @Test(
        "jq also rejects the invalid syntax", .enabled(if: JQProcess.isInstalled, "jq is not installed at /usr/bin/jq"),
        arguments: syntax)
    func jqRejectsTheSameSyntax(_ row: Row) throws {
        let jq = try JQProcess.run(["-n", row.expression], input: "")
        #expect(jq.status == 3, "jq exit status \(jq.status): \(jq.stderr)")
    }

    @Test func caretLinesPointAtTheColumn() {
        let error = #expect(throws: QueryError.self) { try Query(".items[] | foo(1)") }
        #expect(error?.caretLines == ".items[] | foo(1)\n           ^")
        #expect(error?.description == "invalid query at column 12: foo/1 is not defined")
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
