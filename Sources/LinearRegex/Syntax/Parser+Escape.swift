extension Parser {
    /// What an escape stands for: one scalar or a class such as `\d`.
    enum Escaped {
        case scalar(UInt32)
        case set(ScalarSet)
    }

    /// `\...` outside a class: an assertion (`\b`, `\B`, not quantifiable), a class or a scalar.
    mutating func parseEscape() throws(PatternError) -> (Node, Bool) {
        switch peek(at: 1) {
        case ascii("b"):
            position += 2
            return (.assertion(.wordBoundary), false)
        case ascii("B"):
            position += 2
            return (.assertion(.notWordBoundary), false)
        default:
            switch try parseCommonEscape(inClass: false) {
            case .scalar(let value): return (literal(value), true)
            case .set(let set): return (.set(set, folded: false), true)
            }
        }
    }

    /// An escape that means the same in and out of a class; `position` is at the backslash.
    mutating func parseCommonEscape(inClass: Bool) throws(PatternError) -> Escaped {
        let start = position
        guard let next = peek(at: 1) else { throw PatternError(.syntax, "pattern ends with a backslash", at: start) }
        position += 2
        switch next {
        case ascii("d"): return .set(ScalarSet(ScalarClasses.digit))
        case ascii("D"): return .set(ScalarSet(ScalarClasses.digit, negated: true))
        case ascii("w"): return .set(ScalarSet(ScalarClasses.word))
        case ascii("W"): return .set(ScalarSet(ScalarClasses.word, negated: true))
        case ascii("s"): return .set(ScalarSet(ScalarClasses.space))
        case ascii("S"): return .set(ScalarSet(ScalarClasses.space, negated: true))
        case ascii("t"): return .scalar(0x09)
        case ascii("n"): return .scalar(0x0A)
        case ascii("v"): return .scalar(0x0B)
        case ascii("f"): return .scalar(0x0C)
        case ascii("r"): return .scalar(0x0D)
        case ascii("0"):
            if let digit = peek, digit &- ascii("0") < 10 {
                throw PatternError(.unsupported, "octal escapes are not supported", at: start)
            }
            return .scalar(0)
        case ascii("1")...ascii("9"):
            throw PatternError(
                .unsupported, inClass ? "octal escapes are not supported" : backReferenceReason, at: start)
        case ascii("k") where !inClass && peek == ascii("<"):
            throw PatternError(.unsupported, backReferenceReason, at: start)
        case ascii("c"):
            guard let letter = peek, (letter | 0x20) &- ascii("a") < 26 else {
                throw PatternError(.syntax, "invalid control escape", at: start)
            }
            position += 1
            return .scalar(letter % 32)
        case ascii("x"):
            guard let value = parseHex(digits: 2) else { throw PatternError(.syntax, "invalid \\x escape", at: start) }
            return .scalar(value)
        case ascii("u"):
            guard let value = parseUnicodeEscape() else {
                throw PatternError(.syntax, "invalid \\u escape", at: start)
            }
            return .scalar(value)
        case ascii("p"), ascii("P"):
            throw PatternError(.unsupported, "unicode property escapes are not supported", at: start)
        default:
            if next < 0x80, (next | 0x20) &- ascii("a") < 26 || next &- ascii("0") < 10 {
                let name = Unicode.Scalar(next).map { String(Character($0)) } ?? "?"
                throw PatternError(.syntax, "invalid escape '\\\(name)'", at: start)
            }
            return .scalar(next)
        }
    }

    private var backReferenceReason: String { "back-references are not supported (not linear-time)" }

    /// Exactly `digits` hexadecimal digits, or nil (consuming nothing).
    private mutating func parseHex(digits: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = peek(at: offset).flatMap(hexValue) else { return nil }
            value = value * 16 + digit
        }
        position += digits
        return value
    }

    /// After `\u`: `XXXX` (a surrogate pair `\uD83D\uDE00` is one scalar) or `{X...}` up to U+10FFFF.
    private mutating func parseUnicodeEscape() -> UInt32? {
        if peek == ascii("{") {
            var value: UInt32 = 0
            var offset = 1
            while let digit = peek(at: offset).flatMap(hexValue) {
                value = value * 16 + digit
                guard value <= 0x10FFFF else { return nil }
                offset += 1
            }
            guard offset > 1, peek(at: offset) == ascii("}") else { return nil }
            position += offset + 1
            return value
        }
        guard let high = parseHex(digits: 4) else { return nil }
        if high >= 0xD800 && high < 0xDC00, peek == ascii("\\"), peek(at: 1) == ascii("u") {
            let saved = position
            position += 2
            if let low = parseHex(digits: 4), low >= 0xDC00 && low < 0xE000 {
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            position = saved
        }
        return high
    }

    private func hexValue(_ value: UInt32) -> UInt32? {
        switch value {
        case ascii("0")...ascii("9"): value - ascii("0")
        case ascii("a")...ascii("f"): value - ascii("a") + 10
        case ascii("A")...ascii("F"): value - ascii("A") + 10
        default: nil
        }
    }
}
