import JSON
import Testing

/// `JSONStreamFormatter.feed(_:emit:)`, the variant that hands each chunk's output to the caller without an array.
@Suite("JSON stream formatter, emitting")
struct StreamFormatterEmitTests {
    @Test("emits what feed(into:) appends, chunk by chunk", arguments: 0..<100)
    func emitsWhatIntoAppends(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let value = RandomJSON.value(using: &random)
        let text = RandomJSON.text(value, using: &random)
        let colors = StreamFormatterTests.palettes[seed % StreamFormatterTests.palettes.count]
        var emitting = JSONStreamFormatter(indent: 2, colors: colors)
        var appending = JSONStreamFormatter(indent: 2, colors: colors)
        var emitted: [UInt8] = []
        var position = 0
        while position < text.count {
            let end = min(text.count, position + Int.random(in: 1...max(1, text.count / 4 + 1), using: &random))
            let chunk = Array(text[position..<end])
            var calls = 0
            try chunk.withUnsafeBytes { buffer in
                try Result { () throws(JSONParseError) in
                    try emitting.feed(buffer) { output in
                        calls += 1
                        emitted += output
                    }
                }.get()
            }
            var appended: [UInt8] = []
            try appending.feed(chunk, into: &appended)
            #expect(calls == 1, "one emit per chunk")
            #expect(Array(emitted.suffix(appended.count)) == appended)
            position = end
        }
        try emitting.finish(into: &emitted)
        #expect(emitted == StreamFormatterTests.expectedOutput([value], colors: colors))
    }

    @Test func emitsNothingForAFailingChunk() throws {
        var formatter = JSONStreamFormatter()
        var emitted: [UInt8] = []
        let good: [UInt8] = Array(#"{"a": [1, 2"#.utf8)
        let bad: [UInt8] = Array(#", 3}]"#.utf8)
        try good.withUnsafeBytes { buffer in
            try Result { () throws(JSONParseError) in try formatter.feed(buffer) { emitted += $0 } }.get()
        }
        let before = emitted
        #expect(!before.isEmpty)
        #expect(throws: JSONParseError.self) {
            try bad.withUnsafeBytes { buffer in
                try Result { () throws(JSONParseError) in try formatter.feed(buffer) { emitted += $0 } }.get()
            }
        }
        #expect(emitted == before)
    }
}
