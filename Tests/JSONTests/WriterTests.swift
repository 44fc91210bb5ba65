import JSON
import Testing

@Suite("JSON writer")
struct WriterTests {
    @Test(
        "string escaping",
        arguments: [
            ("plain", #""plain""#),
            ("a\"b", #""a\"b""#),
            ("back\\slash", #""back\\slash""#),
            ("a/b", #""a/b""#),
            ("\n\t\r\u{8}\u{C}", #""\n\t\r\b\f""#),
            ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("é中😀", "\"é中😀\""),
            ("\u{2028}", "\"\u{2028}\""),
            ("", #""""#),
        ])
    func escapesStrings(_ string: String, _ expected: String) {
        #expect(JSONValue.string(string).compactString == expected)
    }

    @Test(
        "ASCII-only escaping",
        arguments: [
            ("é", #""\u00e9""#),
            ("中", #""\u4e2d""#),
            ("😀", #""\ud83d\ude00""#),
            ("a\"é\n", #""a\"\u00e9\n""#),
            ("\u{10FFFF}", #""\udbff\udfff""#),
        ])
    func escapesNonASCII(_ string: String, _ expected: String) {
        #expect(JSONWriter(escapeNonASCII: true).string(.string(string)) == expected)
    }

    @Test(
        "pretty layout",
        arguments: [
            (JSONValue.null, "null"),
            ([], "[]"),
            ([:], "{}"),
            ([1, 2], "[\n  1,\n  2\n]"),
            (["a": 1, "b": [], "c": [:]], "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {}\n}"),
            (
                ["list": [["x": true], [false, nil]]],
                """
                {
                  "list": [
                    {
                      "x": true
                    },
                    [
                      false,
                      null
                    ]
                  ]
                }
                """
            ),
        ] as [(JSONValue, String)])
    func prettyLayout(_ value: JSONValue, _ expected: String) {
        #expect(value.prettyString == expected)
    }

    @Test func compactLayout() {
        let value: JSONValue = ["a": [1, "x", nil, true], "b": [:], "c": ["d": -1.5]]
        #expect(value.compactString == #"{"a":[1,"x",null,true],"b":{},"c":{"d":-1.5}}"#)
        #expect(value.compactBytes == Array(value.compactString.utf8))
    }

    @Test func customIndent() {
        #expect(JSONWriter(layout: .pretty, indent: 4).string(["a": [1]]) == "{\n    \"a\": [\n        1\n    ]\n}")
    }

    @Test func deepNestingIndentsBeyondPrecomputedLevels() {
        var value: JSONValue = 0
        for _ in 0..<40 { value = [value] }
        let lines = value.prettyString.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines[40] == Substring(String(repeating: " ", count: 80) + "0"))
        #expect(lines[41] == Substring(String(repeating: " ", count: 78) + "]"))
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSON.parse(#"{"zebra":1,"apple":{"y":2,"b":3},"mango":4}"#)
        #expect(value.compactString == #"{"zebra":1,"apple":{"y":2,"b":3},"mango":4}"#)
    }

    @Test func sortsKeysAtEveryLevel() throws {
        let value = try JSON.parse(#"{"zebra":1,"apple":{"y":2,"b":3},"Z":[{"d":1,"c":2}],"é":0,"e":0}"#)
        #expect(
            JSONWriter(sortKeys: true).string(value)
                == #"{"Z":[{"c":2,"d":1}],"apple":{"b":3,"y":2},"e":0,"zebra":1,"é":0}"#)
    }

    @Test func keepsNumberLiterals() throws {
        let value = try JSON.parse("[12345678901234567890123,1e400,-0.0,1.50,1E+2]")
        #expect(value.compactString == "[12345678901234567890123,1e400,-0.0,1.50,1E+2]")
    }

    @Test func colorsEveryToken() {
        let colors = JSONColors(
            key: "<k>", string: "<s>", number: "<n>", bool: "<b>", null: "<0>", punctuation: "<p>",
            reset: "</>")
        let value: JSONValue = ["k": ["s", 1, true, nil], "e": [], "o": [:]]
        #expect(
            JSONWriter(layout: .pretty, colors: colors).string(value)
                == """
                <p>{</>
                  <k>"k"</><p>:</> <p>[</>
                    <s>"s"</><p>,</>
                    <n>1</><p>,</>
                    <b>true</><p>,</>
                    <0>null</>
                  <p>]</><p>,</>
                  <k>"e"</><p>:</> <p>[]</><p>,</>
                  <k>"o"</><p>:</> <p>{}</>
                <p>}</>
                """)
        #expect(
            JSONWriter(colors: colors).string(value)
                == #"<p>{</><k>"k"</><p>:</><p>[</><s>"s"</><p>,</><n>1</><p>,</><b>true</><p>,</><0>null</><p>]</>"#
                + #"<p>,</><k>"e"</><p>:</><p>[]</><p>,</><k>"o"</><p>:</><p>{}</><p>}</>"#)
    }

    @Test func emptyColorsLeaveTokensBare() {
        let colors = JSONColors(key: "", string: "", number: "", bool: "", null: "", punctuation: "", reset: "</>")
        let value: JSONValue = ["k": ["s", 1, true, nil]]
        #expect(JSONWriter(layout: .pretty, colors: colors).string(value) == value.prettyString)
    }

    @Test func standardPaletteIsJqLike() {
        let colored = JSONWriter(colors: .standard).string(["a": "b"])
        #expect(
            colored == "\u{1B}[1;39m{\u{1B}[0m\u{1B}[34;1m\"a\"\u{1B}[0m\u{1B}[1;39m:\u{1B}[0m\u{1B}[32m\"b\"\u{1B}[0m"
                + "\u{1B}[1;39m}\u{1B}[0m")
    }

    @Test func appendsToExistingBytes() {
        var out: [UInt8] = Array("x=".utf8)
        JSONWriter().write([1], into: &out)
        #expect(out == Array("x=[1]".utf8))
    }
}
