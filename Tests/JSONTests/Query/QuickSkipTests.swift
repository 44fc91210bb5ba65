import JSON
import Testing

/// Elements stepped over in one quick pass (`JSONParser.skipValueQuickly`) must be taken or refused exactly as the
/// careful parser takes or refuses them, and lead to the same members: long elements, with every token, escape and
/// multi-byte sequence after every length of padding, written oddly and mutated.
@Suite("the quick skipper")
struct QuickSkipTests {
    /// Filters that step over whole elements (`.[] | .name`), over the members not kept (`{name}`), and both.
    static let filters = [".[] | .name", ".[].a.b", ".[] | {name}", ".[] | .\"e\\u0301\"", ".[] | length"]

    /// `streamed` as text, in one piece and cut in two at `cut`, must be what the whole body gives.
    static func check(_ body: String, cut: Int, _ queries: [Query]) { check(Array(body.utf8), cut: cut, queries) }

    static func check(_ body: [UInt8], cut: Int, _ queries: [Query]) {
        for query in queries {
            let whole = QueryBodyRunTests.whole(query, body)
            let shown = String(decoding: body, as: UTF8.self)
            for cuts in [[], [cut]] {
                #expect(
                    QueryBodyStreamTests.streamed(query, body, cuts: cuts, asText: true) == whole,
                    "\(query.expression) on \(shown) cut at \(cuts)")
            }
        }
    }

    /// Each kind of token and string content, after every length of padding (so at every offset of the eight
    /// bytes the quick path reads at a time, and of the bytes held when the body is cut).
    @Test func afterEveryLengthOfPadding() throws {
        let queries = try Self.filters.map { try Query($0) }
        let pieces = [
            #""name":"plain""#, #""name":"a\"b\\c\/d""#, #""name":"\\\\\"""#, #""name":"\u00e9\u12AB""#,
            "\"name\":\"é中😀\"", #""name":-12.5e+3"#, #""name":true"#, #""name":false"#, #""name":null"#,
            #""name":[1,{"a":{"b":2}},[]]"#, #""n\u0061me":"escaped key""#, #""nam\"e":1"#, #""a":{"b":"deep"}"#,
            // Not JSON: each must be refused as the careful parser refuses it.
            "\"name\":\"raw\u{1}control\"", #""name":"bad\x""#, #""name":"\ud800""#, "\"name\":\"\u{FF}\"",
            #""name":01"#, #""name":1.e"#, #""name":tru"#, #""name":truex"#, #""name":1"2""#, #""name":[1,]"#,
            #""name" 1"#, #""name":{"a":1,}"#, #""name":}"#, #""name":[}"#,
        ]
        // Bytes that are not UTF-8: a lone continuation, a lead without its continuations, an overlong form, a
        // surrogate, a lead past U+10FFFF.
        let invalid: [[UInt8]] = [
            [0x80], [0xC3], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        ]
        let strings = invalid.map { Array(#""name":"a"#.utf8) + $0 + Array(#"b""#.utf8) }
        for piece in pieces.map({ Array($0.utf8) }) + strings {
            for pad in 0..<40 {
                let body =
                    Array("[{\"pad\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: pad) + Array("\",".utf8)
                    + piece
                    + Array(",\"z\":0},{\"name\":2}]".utf8)
                Self.check(body, cut: (pad * 7) % (body.count + 1), queries)
            }
        }
    }

    /// Runs of backslashes of every length, ending at every offset.
    @Test func backslashRuns() throws {
        let queries = try [Query(".[] | .name")]
        for run in 1...9 {
            for pad in 0..<70 {
                let escapes = String(repeating: "\\", count: run) + (run % 2 == 1 ? "\"" : "")
                let body = "[{\"pad\":\"" + String(repeating: "x", count: pad) + escapes + "\",\"name\":\(run)}]"
                Self.check(body, cut: pad, queries)
            }
        }
    }

    /// Random long elements, written with odd whitespace and every escape form, then mutated.
    @Test func randomElementsAndMutations() throws {
        var random = SeededRandom(seed: 64)
        let queries = try Self.filters.map { try Query($0) }
        for _ in 0..<150 {
            var elements: [[UInt8]] = []
            for _ in 0..<Int.random(in: 1..<5, using: &random) {
                var object = JSONObject()
                for name in ["name", "a", "pad", "other", "name"] where random.chance(70) {
                    object[name] = RandomJSON.value(using: &random)
                }
                elements.append(RandomJSON.text(.object(object), using: &random))
            }
            let text = Array("[".utf8) + Array(elements.joined(separator: Array(",".utf8))) + Array("]".utf8)
            var mutated = text
            for _ in 0..<Int.random(in: 0...2, using: &random) { mutated = RandomJSON.mutate(mutated, using: &random) }
            for bytes in [text, mutated] {
                Self.check(bytes, cut: Int.random(in: 0...bytes.count, using: &random), queries)
            }
        }
    }
}
