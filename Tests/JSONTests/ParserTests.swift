import JSON
import Testing

@Suite("JSON parser")
struct ParserTests {
    @Test(
        "values",
        arguments: [
            ("null", JSONValue.null),
            ("true", true),
            (" false ", false),
            ("0", .number(JSONNumber(literal: "0"))),
            ("-0.0", .number(JSONNumber(literal: "-0.0"))),
            ("12345678901234567890123", .number(JSONNumber(literal: "12345678901234567890123"))),
            ("1e400", .number(JSONNumber(literal: "1e400"))),
            ("1.50", .number(JSONNumber(literal: "1.50"))),
            (#""a\"b""#, "a\"b"),
            (#""\u00e9\u4E2D""#, "é中"),
            (#""\ud83d\ude00""#, "😀"),
            (#""\/\b\f\n\r\t\\""#, "/\u{8}\u{C}\n\r\t\\"),
            (#""\u0000""#, "\u{0}"),
            ("[]", []),
            ("{}", [:]),
            (#"[1, "two", [3], {"four": 4}]"#, [1, "two", [3], ["four": 4]]),
        ] as [(String, JSONValue)])
    func parsesValue(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSON.parse(text) == expected)
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSON.parse(#"{"zebra": 1, "apple": 2, "mango": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["zebra", "apple", "mango"])
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSON.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func keepsNumbersExactly() throws {
        let value = try JSON.parse("[12345678901234567890123, 1e400, -0.0, 0.1000]")
        #expect(
            value.arrayValue?.compactMap { $0.numberValue?.literal } == [
                "12345678901234567890123", "1e400", "-0.0", "0.1000",
            ])
    }

    @Test func acceptsEveryInputType() throws {
        let text = #"{"a": [1, 2]}"#
        let expected: JSONValue = ["a": [1, 2]]
        #expect(try JSON.parse(text) == expected)
        #expect(try JSON.parse(Array(text.utf8)) == expected)
        #expect(try JSON.parse(text.utf8) == expected)
        #expect(try JSON.parse(Array(text.utf8)[...]) == expected)
        let viaBuffer = Array(text.utf8).withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try JSON.parse(buffer) }
        }
        #expect(try viaBuffer.get() == expected)
    }

    @Test func parsesDeeperNestingWhenAllowed() throws {
        let depth = 2000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSON.parse(text, maxDepth: depth)
        var levels = 0
        while case .array(let elements) = value, let first = elements.first {
            levels += 1
            value = first
        }
        #expect(levels == depth - 1)
        #expect(throws: JSONParseError.self) { try JSON.parse(text, maxDepth: depth - 1) }
    }

    @Test func depthCapIsConfigurable() throws {
        let three = "[[[1]]]"
        #expect(try JSON.parse(three, maxDepth: 3) == [[[1]]])
        #expect(throws: JSONParseError(line: 1, column: 3, offset: 2, message: "nesting deeper than 2 levels")) {
            try JSON.parse(three, maxDepth: 2)
        }
    }

    @Test(
        "errors",
        arguments: [
            ("", "line 1, column 1: unexpected end of input"),
            ("[1,]", "line 1, column 4: unexpected character ']'"),
            ("{\"a\":1,}", "line 1, column 8: unexpected character '}'"),
            ("[1] x", "line 1, column 5: trailing characters after the value"),
            ("\"abc", "line 1, column 1: unterminated string"),
            (#""\q""#, "line 1, column 2: invalid escape \\q"),
            (#""\ud800""#, "line 1, column 2: unpaired surrogate"),
            (#""\ud800\ud800""#, "line 1, column 2: unpaired surrogate"),
            (#""\u12G4""#, "line 1, column 2: invalid \\u escape: expected 4 hex digits"),
            (#""\ud800\u12G4""#, "line 1, column 8: invalid \\u escape: expected 4 hex digits"),
            ("\"a\u{1}\"", "line 1, column 3: unescaped control character 0x01 in string"),
            ("007", "line 1, column 1: invalid number: leading zeros are not allowed"),
            ("-", "line 1, column 2: invalid number: expected a digit after '-'"),
            ("[\n\n  fals]", "line 3, column 3: invalid literal, expected false"),
            ("{\"a\"}", "line 1, column 5: unexpected character '}'"),
            ("é", "line 1, column 1: unexpected byte 0xc3"),
        ])
    func reportsError(_ text: String, _ expected: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
        do { _ = try JSON.parse(text) } catch { #expect(error.description == expected) }
    }

    @Test func errorCarriesOffsetLineAndColumn() {
        let error = JSONParseError(line: 2, column: 3, offset: 8, message: "unexpected character '}'")
        #expect(throws: error) { try JSON.parse("{\"a\":\n  }") }
    }

    @Test func sequenceParsesSeveralValues() throws {
        #expect(
            try JSON.parseSequence(Array("1 2\n{\"a\":3}{}\"s\"[4]\n\ntrue\n".utf8)) == [
                1, 2, ["a": 3], [:], "s", [4], true,
            ])
        #expect(try JSON.parseSequence([]) == [])
        #expect(try JSON.parseSequence(Array(" \n ".utf8)) == [])
    }

    @Test(
        "sequence errors",
        arguments: [
            ("1-2", "line 1, column 2: unexpected character '-'"),
            ("true{}", "line 1, column 5: unexpected character '{'"),
            ("{} ]", "line 1, column 4: unexpected character ']'"),
            ("[1]\n[2", "line 2, column 3: unexpected end of input"),
        ])
    func sequenceError(_ text: String, _ expected: String) {
        do {
            _ = try JSON.parseSequence(Array(text.utf8))
            Issue.record("expected an error for \(text)")
        } catch { #expect(error.description == expected) }
    }
}
