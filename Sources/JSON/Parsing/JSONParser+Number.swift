extension JSONParser {
    /// Parses the number starting at `index`, keeping its literal text:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        try scanNumber()
        let literal = UnsafeBufferPointer(start: bytes + start, count: index - start)
        return JSONNumber(literal: String(decoding: literal, as: UTF8.self))
    }

    /// Checks the number starting at `index` and steps over it.
    mutating func scanNumber() throws(JSONParseError) {
        if bytes[index] == ASCII.minus { index += 1 }
        guard index < count, ASCII.isDigit(bytes[index]) else { throw error(.missingDigitAfterMinus, at: index) }
        if bytes[index] == ASCII.zero {
            index += 1
            if index < count, ASCII.isDigit(bytes[index]) { throw error(.leadingZero, at: index - 1) }
        } else {
            skipDigits()
        }
        if index < count, bytes[index] == ASCII.period {
            index += 1
            guard index < count, ASCII.isDigit(bytes[index]) else { throw error(.missingDigitAfterPoint, at: index) }
            skipDigits()
        }
        if index < count, bytes[index] == ASCII.lowerE || bytes[index] == ASCII.upperE {
            index += 1
            if index < count, bytes[index] == ASCII.plus || bytes[index] == ASCII.minus { index += 1 }
            guard index < count, ASCII.isDigit(bytes[index]) else { throw error(.missingDigitInExponent, at: index) }
            skipDigits()
        }
    }

    @inline(__always)
    private mutating func skipDigits() {
        while index < count, ASCII.isDigit(bytes[index]) { index += 1 }
    }
}
