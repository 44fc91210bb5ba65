extension JSONParser {
    /// Checks the value starting at `index` exactly as `parseValue` would (same errors at the same offsets, same
    /// depth cap) and steps over it without building it.
    mutating func skipValue() throws(JSONParseError) {
        if skipValueQuickly() { return }
        skipStack.removeAll(keepingCapacity: true)  // innermost last; true for an object
        nextValue: while true {
            guard index < count else { throw error(.unexpectedEnd, at: index) }
            switch bytes[index] {
            case ASCII.quote:
                try skipString()
            case ASCII.openBracket:
                try enterContainer()
                skipWhitespace()
                guard index < count, bytes[index] == ASCII.closeBracket else {
                    skipStack.append(false)
                    continue nextValue
                }
                index += 1
                depth -= 1
            case ASCII.openBrace:
                try enterContainer()
                skipWhitespace()
                guard index < count, bytes[index] == ASCII.closeBrace else {
                    try skipMemberKey()
                    skipStack.append(true)
                    continue nextValue
                }
                index += 1
                depth -= 1
            case ASCII.minus, ASCII.zero...ASCII.nine:
                try scanNumber()
            case ASCII.lowerT:
                try parseLiteral("true")
            case ASCII.lowerF:
                try parseLiteral("false")
            case ASCII.lowerN:
                try parseLiteral("null")
            case let byte:
                throw error(.unexpectedByte(byte), at: index)
            }
            while let isObject = skipStack.last {
                if try stepOverSeparator(inObject: isObject) {
                    if isObject { try skipMemberKey() }
                    continue nextValue
                }
                skipStack.removeLast()
            }
            return
        }
    }

    /// `parseMemberKey` without making the key.
    private mutating func skipMemberKey() throws(JSONParseError) {
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.quote else { throw error(.unexpectedByte(bytes[index]), at: index) }
        try skipString()
        skipWhitespace()
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.colon else { throw error(.unexpectedByte(bytes[index]), at: index) }
        index += 1
        skipWhitespace()
    }

    /// `parseString` without making the string: the same checks of escapes, control characters and UTF-8.
    /// Returns whether the string has escapes.
    @discardableResult
    mutating func skipString() throws(JSONParseError) -> Bool {
        let openingQuote = index
        var escaped = false
        index += 1
        while index < count {
            // Eight plain bytes (no quote, backslash, control character or non-ASCII) at a time, then straight to
            // the first that is not.
            while index &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
                let special = Self.specialBytes(word)
                guard special == 0 else {
                    index &+= special.trailingZeroBitCount >> 3
                    break
                }
                index &+= 8
            }
            guard index < count else { break }
            let byte = bytes[index]
            if byte == ASCII.quote {
                index += 1
                return escaped
            } else if byte == ASCII.backslash {
                escaped = true
                scratch.removeAll(keepingCapacity: true)
                try decodeEscape(openingQuote: openingQuote)
            } else if byte < ASCII.firstPrintable {
                throw error(.controlCharacterInString(byte), at: index)
            } else if byte >= ASCII.firstNonASCII {
                try skipMultiByteSequence(openingQuote: openingQuote)
            } else {
                index += 1
            }
        }
        throw error(.unterminatedString, at: openingQuote)
    }

    /// The high bit of each byte of `word` (loaded little-endian) that needs a look in a string: a quote, a
    /// backslash, a control character or the start of a multi-byte sequence (the usual bit tricks: a zero byte, a
    /// byte below 0x20). The lowest one set marks the first such byte exactly (the borrows of the tricks only
    /// reach bytes after it).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(ASCII.quote))
        let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
        let found =
            ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            | ((word &- ones &* UInt64(ASCII.firstPrintable)) & ~word) | word
        return found & high
    }
}
