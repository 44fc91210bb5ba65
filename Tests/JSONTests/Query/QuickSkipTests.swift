import Testing

@testable import JSON

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

    /// Every byte that ends a plain run in a string, at every offset of the sixteen (or eight) bytes the quick path
    /// reads at a time, and next to the bytes that are plain although a compare could take them for stops: a
    /// space (0x20), DEL (0x7F) and the last control byte (0x1F).
    @Test func stringStopsAtEveryOffset() throws {
        let queries = try [Query(".[] | .name")]
        let stops: [[UInt8]] = [
            // Valid escapes, then a quote that ends the string early and a backslash before a letter that is no
            // escape (both refused after it), and a plain letter.
            Array(#"\\"#.utf8), Array(#"\""#.utf8), Array(#"\u0041"#.utf8), Array(#"""#.utf8), Array(#"\"#.utf8),
            Array("A".utf8), [0x20], [0x7F], Array("é".utf8), Array("😀".utf8), [0x1F], [0x01], [0x80], [0xFF], [0xC3],
        ]
        for length in 0..<34 {
            for stop in stops {
                for at in stride(from: 0, through: length, by: length > 20 ? 3 : 1) {
                    let text = [UInt8](repeating: 0x78, count: at) + stop + [UInt8](repeating: 0x78, count: length - at)
                    let body =
                        Array(#"[{"pad":""#.utf8) + text + Array(#"","name":1},{"name":"#.utf8) + [0x22] + text
                        + Array(#""}]"#.utf8)
                    Self.check(body, cut: body.count - at, queries)
                }
            }
        }
    }

    /// Empty arrays and objects at every level count toward the depth cap as other values do, and leave the
    /// container around them as it was (an object's next member, an array's next element).
    @Test func emptyContainersKeepTheLevels() throws {
        let values = [
            "[]", "{}", "[[]]", "[{}]", #"{"a":[]}"#, #"{"a":{}}"#, #"[[],{},[{}],{"a":[]}]"#,
            #"{"a":[],"b":{},"c":[[]]}"#, #"[{},1]"#, #"{"a":{},"b":1}"#, "[[],]", #"{"a":{},}"#, "[{]", #"{"a":[}"#,
        ]
        for value in values {
            Self.check(
                #"[{"name":\#(value),"z":0},{"a":\#(value),"name":2}]"#, cut: 3, try Self.filters.map { try Query($0) })
        }
        for cap in 1...5 {
            for nesting in 0...7 {
                for innermost in ["[]", "{}", "[{}]", #"{"a":[]}"#] {
                    let value = Array(
                        (String(repeating: #"{"k":["#, count: nesting) + innermost
                            + String(repeating: "]}", count: nesting)).utf8)
                    // The parser that builds values is the reference (`skipValue` tries the quick path first).
                    let accepted = (try? JSON.parse(value, maxDepth: cap)) != nil
                    value.withUnsafeBufferPointer { p in
                        var quick = JSONParser(bytes: p.baseAddress!, count: p.count, maxDepth: cap)
                        #expect(
                            quick.skipValueQuickly() == accepted, "\(cap): \(String(decoding: value, as: UTF8.self))")
                        if accepted { #expect(quick.index == value.count) }
                    }
                }
            }
        }
    }
}
