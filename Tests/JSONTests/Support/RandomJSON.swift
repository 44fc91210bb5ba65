import JSON

/// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
}

/// Random JSON values and random (but valid) ways of writing them: odd whitespace, every escape form.
enum RandomJSON {
    private static let stringPieces: [String] = [
        "a", "Z", "0", " ", "hello", "\"", "\\", "/", "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}",
        "\u{7F}", "é", "中", "😀", "𝄞", "\u{2028}", "\u{FFFF}", "\u{10FFFF}", "a long run of plain ascii text, ok",
    ]

    static func value(depth: Int = 0, using random: inout SeededRandom) -> JSONValue {
        let containerWeight = depth < 5 ? 40 : 0
        let roll = Int.random(in: 0..<(60 + containerWeight), using: &random)
        switch roll {
        case 0..<8: return .null
        case 8..<16: return .bool(random.chance(50))
        case 16..<35: return .number(number(using: &random))
        case 35..<60: return .string(string(using: &random))
        case 60..<80:
            let count = Int.random(in: 0...4, using: &random)
            return .array((0..<count).map { _ in value(depth: depth + 1, using: &random) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                object[string(using: &random)] = value(depth: depth + 1, using: &random)
            }
            return .object(object)
        }
    }

    static func string(using random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in stringPieces.randomElement(using: &random)! }.joined()
    }

    static func number(using random: inout SeededRandom) -> JSONNumber {
        var literal = random.chance(30) ? "-" : ""
        literal += random.chance(20) ? "0" : String(Int.random(in: 1...9, using: &random)) + digits(using: &random)
        if random.chance(30) { literal += "." + String(Int.random(in: 0...9, using: &random)) + digits(using: &random) }
        if random.chance(20) {
            literal += ["e", "E", "e+", "E-", "e-"].randomElement(using: &random)!
            literal += String(Int.random(in: 0...9, using: &random)) + digits(using: &random)
        }
        return JSONNumber(literal: literal)
    }

    private static func digits(using random: inout SeededRandom) -> String {
        String(
            (0..<Int.random(in: 0...(random.chance(10) ? 30 : 3), using: &random)).map { _ in
                Character(String(Int.random(in: 0...9, using: &random)))
            })
    }

    /// A valid JSON text for `value`, with random whitespace and escapes.
    static func text(_ value: JSONValue, using random: inout SeededRandom) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out, using: &random)
        return out
    }

    private static func whitespace(into out: inout [UInt8], using random: inout SeededRandom) {
        guard random.chance(40) else { return }
        out += Array([" ", "\n", "\t", "\r\n", "  ", "\n    "].randomElement(using: &random)!.utf8)
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], using random: inout SeededRandom) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .number(let number): out += Array(number.literal.utf8)
        case .string(let string): write(string, into: &out, using: &random)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            whitespace(into: &out, using: &random)
            for (position, element) in elements.enumerated() {
                if position > 0 {
                    out.append(UInt8(ascii: ","))
                    whitespace(into: &out, using: &random)
                }
                write(element, into: &out, using: &random)
                whitespace(into: &out, using: &random)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            whitespace(into: &out, using: &random)
            for (position, member) in members.enumerated() {
                if position > 0 {
                    out.append(UInt8(ascii: ","))
                    whitespace(into: &out, using: &random)
                }
                write(member.key.string, into: &out, using: &random)
                whitespace(into: &out, using: &random)
                out.append(UInt8(ascii: ":"))
                whitespace(into: &out, using: &random)
                write(member.value, into: &out, using: &random)
                whitespace(into: &out, using: &random)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func write(_ string: String, into out: inout [UInt8], using random: inout SeededRandom) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            let short: [Unicode.Scalar: String] = [
                "\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{8}": "\\b", "\u{C}": "\\f", "\n": "\\n", "\r": "\\r",
                "\t": "\\t",
            ]
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if !mustEscape, random.chance(70) {
                out += Array(String(scalar).utf8)
            } else if let escape = short[scalar], random.chance(60) {
                out += Array(escape.utf8)
            } else if scalar.value >= 0x10000 {
                let offset = scalar.value - 0x10000
                out += unicodeEscape(0xD800 + (offset >> 10), using: &random)
                out += unicodeEscape(0xDC00 + (offset & 0x3FF), using: &random)
            } else {
                out += unicodeEscape(scalar.value, using: &random)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ unit: UInt32, using random: inout SeededRandom) -> [UInt8] {
        let hex = String(unit, radix: 16)
        let padded = String(repeating: "0", count: 4 - hex.count) + hex
        return Array(("\\u" + (random.chance(50) ? padded.uppercased() : padded)).utf8)
    }

    /// The text with one random byte deleted, inserted or replaced.
    static func mutate(_ text: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        let interesting: [UInt8] =
            Array("{}[],:\"\\ \n0123456789-+.eEtfnulrsaxu".utf8) + [
                0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xEF, 0xF0, 0xFF,
            ]
        var text = text
        let position = Int.random(in: 0...text.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where position < text.count: text.remove(at: position)
        case 1 where position < text.count: text[position] = interesting.randomElement(using: &random)!
        default: text.insert(interesting.randomElement(using: &random)!, at: position)
        }
        return text
    }
}
