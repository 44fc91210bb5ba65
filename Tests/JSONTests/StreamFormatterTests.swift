import JSON
import Testing

@Suite("JSON stream formatter")
struct StreamFormatterTests {
    static let palettes: [JSONColors?] = [
        nil, .standard,
        JSONColors(key: "<k>", string: "", number: "<n>", bool: "<b>", null: "", punctuation: "<p>", reset: "</>"),
    ]

    /// Feeds `bytes` in chunks of random sizes (often a single byte), emptying `out` now and then as callers do.
    static func format(
        _ bytes: [UInt8], colors: JSONColors? = nil, indent: Int = 2, maxDepth: Int = 512,
        layout: JSONWriter.Layout = .pretty, using random: inout SeededRandom
    ) throws(JSONParseError) -> [UInt8] {
        var formatter = JSONStreamFormatter(indent: indent, colors: colors, maxDepth: maxDepth, layout: layout)
        var result: [UInt8] = []
        var out: [UInt8] = []
        var position = 0
        while position < bytes.count {
            let size = random.chance(30) ? 1 : Int.random(in: 1...max(1, bytes.count / 3 + 1), using: &random)
            let end = min(bytes.count, position + size)
            try formatter.feed(Array(bytes[position..<end]), into: &out)
            position = end
            if random.chance(50) {
                result += out
                out.removeAll(keepingCapacity: true)
            }
        }
        try formatter.finish(into: &out)
        return result + out
    }

    /// What the formatter must print: each parsed value written by `JSONWriter`, followed by a newline.
    static func expectedOutput(
        _ values: [JSONValue], colors: JSONColors?, indent: Int = 2, layout: JSONWriter.Layout = .pretty
    ) -> [UInt8] {
        let writer = JSONWriter(layout: layout, indent: indent, colors: colors)
        var out: [UInt8] = []
        for value in values {
            writer.write(value, into: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    @Test("matches the writer on random documents split at random points", arguments: 0..<300)
    func matchesWriter(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let value = RandomJSON.value(using: &random)
        let text = RandomJSON.text(value, using: &random)
        #expect(try JSON.parse(text) == value, "generator produced text that does not parse back")
        let colors = Self.palettes[seed % Self.palettes.count]
        let indent = seed % 7 == 0 ? 4 : 2
        let layout: JSONWriter.Layout = seed % 5 == 0 ? .compact : .pretty
        let output = try Self.format(text, colors: colors, indent: indent, layout: layout, using: &random)
        #expect(output == Self.expectedOutput([value], colors: colors, indent: indent, layout: layout))
    }

    @Test("prints every value of a sequence", arguments: 0..<50)
    func formatsSequences(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(1000 + seed))
        let values = (0..<Int.random(in: 1...4, using: &random)).map { _ in RandomJSON.value(using: &random) }
        var text: [UInt8] = []
        for value in values {
            text += RandomJSON.text(value, using: &random)
            text += Array([" ", "\n", "\r\n", "\t\n "].randomElement(using: &random)!.utf8)
        }
        #expect(
            try Self.format(text, colors: .standard, using: &random) == Self.expectedOutput(values, colors: .standard))
    }

    @Test("accepts and rejects exactly what parseSequence does, with the same error", arguments: 0..<400)
    func agreesWithParserOnMutatedInput(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(5000 + seed))
        let value = RandomJSON.value(using: &random)
        var text = RandomJSON.text(value, using: &random)
        for _ in 0..<Int.random(in: 1...2, using: &random) { text = RandomJSON.mutate(text, using: &random) }
        try Self.expectSameVerdict(text, using: &random)
    }

    @Test("agrees with the parser on every fixture", arguments: Fixtures.pass + Fixtures.fail)
    func agreesOnFixtures(_ file: Fixtures.File) throws {
        var random = SeededRandom(seed: UInt64(file.name.utf8.count))
        try Self.expectSameVerdict(file.bytes, using: &random)
    }

    static func expectSameVerdict(_ text: [UInt8], using random: inout SeededRandom) throws {
        let parsed = Result { () throws(JSONParseError) in try JSON.parseSequence(text) }
        let formatted = Result { () throws(JSONParseError) in try format(text, colors: .standard, using: &random) }
        switch (parsed, formatted) {
        case (.success(let values), .success(let output)):
            if output != expectedOutput(values, colors: .standard) {
                // Only a repeated key may make them differ: the formatter prints every member, the parser keeps
                // the last value. Printed plainly and parsed back, the output must still give the same values.
                let plain = try format(text, using: &random)
                #expect(try JSON.parseSequence(plain) == values)
                #expect(plain.count > expectedOutput(values, colors: nil).count, "output differs without repeated keys")
            }
        case (.failure(let parseError), .failure(let formatError)):
            #expect(formatError == parseError, "input: \(String(decoding: text, as: UTF8.self).debugDescription)")
        case (.success, .failure(let formatError)):
            Issue.record(
                "parser accepted, formatter said \(formatError): \(String(decoding: text, as: UTF8.self).debugDescription)"
            )
        case (.failure(let parseError), .success):
            Issue.record(
                "formatter accepted, parser said \(parseError): \(String(decoding: text, as: UTF8.self).debugDescription)"
            )
        }
    }

    @Test func formatsLikeJq() throws {
        var random = SeededRandom(seed: 1)
        let text = Array(#"{"a":[1,{"b":null}],"c":"x","d":[],"e":{}} 7"#.utf8)
        let output = try Self.format(text, using: &random)
        #expect(
            String(decoding: output, as: UTF8.self) == """
                {
                  "a": [
                    1,
                    {
                      "b": null
                    }
                  ],
                  "c": "x",
                  "d": [],
                  "e": {}
                }
                7

                """)
    }

    @Test func compactLayoutOnlyColors() throws {
        var random = SeededRandom(seed: 6)
        let text = Array("{ \"a\" : [ 1 , true ] }\n\n\"x\"".utf8)
        let output = try Self.format(text, layout: .compact, using: &random)
        #expect(String(decoding: output, as: UTF8.self) == "{\"a\":[1,true]}\n\"x\"\n")
    }

    @Test func normalizesEscapesTheWriterWay() throws {
        var random = SeededRandom(seed: 2)
        let text = Array(#"["\u0041\/\u00E9\uD83D\uDE00\u001F\u000a\"\\"]"#.utf8)
        let output = try Self.format(text, using: &random)
        #expect(String(decoding: output, as: UTF8.self) == "[\n  \"A/é😀\\u001f\\n\\\"\\\\\"\n]\n")
    }

    @Test func emptyAndBlankInputPrintNothing() throws {
        var random = SeededRandom(seed: 3)
        #expect(try Self.format([], using: &random) == [])
        #expect(try Self.format(Array(" \n\t ".utf8), using: &random) == [])
    }

    @Test func skipsByteOrderMarkSplitAcrossChunks() throws {
        var formatter = JSONStreamFormatter()
        var out: [UInt8] = []
        for byte in [0xEF, 0xBB, 0xBF] + Array("[1]".utf8) { try formatter.feed([byte], into: &out) }
        try formatter.finish(into: &out)
        #expect(out == Array("[\n  1\n]\n".utf8))
    }

    @Test func completesTopLevelNumberAtFinish() throws {
        var formatter = JSONStreamFormatter(colors: .standard)
        var out: [UInt8] = []
        try formatter.feed(Array("-12.5e".utf8), into: &out)
        try formatter.feed(Array("3".utf8), into: &out)
        #expect(out == Array("\u{1B}[36m-12.5e3".utf8))
        try formatter.finish(into: &out)
        #expect(out == Array("\u{1B}[36m-12.5e3\u{1B}[0m\n".utf8))
    }

    @Test func reportsErrorsWithLineAndColumnAndKeepsThem() throws {
        var formatter = JSONStreamFormatter()
        var out: [UInt8] = []
        try formatter.feed(Array("{\n  \"a\": [1,".utf8), into: &out)
        let expected = JSONParseError(line: 2, column: 12, offset: 13, message: "unexpected character ']'")
        #expect(throws: expected) { try formatter.feed(Array(" ]".utf8), into: &out) }
        #expect(throws: expected) { try formatter.feed(Array("1]}".utf8), into: &out) }
        #expect(throws: expected) { try formatter.finish(into: &out) }
    }

    @Test func reportsUnfinishedDocumentAtFinish() throws {
        var formatter = JSONStreamFormatter()
        var out: [UInt8] = []
        try formatter.feed(Array("[\"abc".utf8), into: &out)
        #expect(throws: JSONParseError(line: 1, column: 2, offset: 1, message: "unterminated string")) {
            try formatter.finish(into: &out)
        }
    }

    @Test func isReusableAfterFinish() throws {
        var formatter = JSONStreamFormatter()
        var out: [UInt8] = []
        try formatter.feed(Array("[1]".utf8), into: &out)
        try formatter.finish(into: &out)
        try formatter.feed(Array("{}".utf8), into: &out)
        try formatter.finish(into: &out)
        #expect(out == Array("[\n  1\n]\n{}\n".utf8))
    }

    @Test func capsDepth() throws {
        var random = SeededRandom(seed: 4)
        #expect(
            try Self.format(Array("[[[]]]".utf8), maxDepth: 3, using: &random) == Array("[\n  [\n    []\n  ]\n]\n".utf8)
        )
        #expect(throws: JSONParseError(line: 1, column: 3, offset: 2, message: "nesting deeper than 2 levels")) {
            try Self.format(Array("[[[]]]".utf8), maxDepth: 2, using: &random)
        }
    }

    @Test func handlesLongStringsAcrossChunks() throws {
        var random = SeededRandom(seed: 5)
        let content = String(repeating: "0123456789abcdef é中😀 ", count: 5000)
        let value: JSONValue = ["long": .string(content)]
        let text = value.compactBytes
        #expect(
            try Self.format(text, colors: .standard, using: &random) == Self.expectedOutput([value], colors: .standard))
    }
}
