extension JSONParser {
    /// Parses the string whose opening quote is at `index`. Runs without escapes become the `String` in one step;
    /// escapes are decoded into `scratch`.
    mutating func parseString() throws(JSONParseError) -> String {
        let openingQuote = index
        index += 1
        var runStart = index
        var decoded = false
        scratch.removeAll(keepingCapacity: true)
        while index < count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                let run = UnsafeBufferPointer(start: bytes + runStart, count: index - runStart)
                index += 1
                if !decoded { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == ASCII.backslash {
                scratch.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: index - runStart))
                decoded = true
                try decodeEscape(openingQuote: openingQuote)
                runStart = index
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

    /// Validates the multi-byte UTF-8 sequence at `index` and steps over it. An ill-formed sequence is reported
    /// at its first byte; input that ends inside it is an unterminated string.
    @inline(__always)
    mutating func skipMultiByteSequence(openingQuote: Int) throws(JSONParseError) {
        let start = index
        guard let lead = UTF8Lead(bytes[start]) else { throw error(.invalidUTF8, at: start) }
        var low = lead.firstLow
        var high = lead.firstHigh
        for k in 1...lead.continuationCount {
            guard start + k < count else { throw error(.unterminatedString, at: openingQuote) }
            let byte = bytes[start + k]
            guard byte >= low, byte <= high else { throw error(.invalidUTF8, at: start) }
            low = UTF8Lead.continuationLow
            high = UTF8Lead.continuationHigh
        }
        index = start + 1 + lead.continuationCount
    }

    /// Decodes the escape whose backslash is at `index` into `scratch` and steps over it.
    mutating func decodeEscape(openingQuote: Int) throws(JSONParseError) {
        let escapeStart = index
        guard index + 1 < count else { throw error(.unterminatedString, at: openingQuote) }
        let byte = bytes[index + 1]
        if let simple = JSONEscapes.decodedSimpleEscape(byte) {
            scratch.append(simple)
            index += 2
            return
        }
        guard byte == ASCII.lowerU else { throw error(.invalidEscape(byte), at: escapeStart) }
        index += 2
        let unit = try readHexQuad(escapeStart: escapeStart, openingQuote: openingQuote)
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by `\u` and a low surrogate.
            guard index < count else { throw error(.unterminatedString, at: openingQuote) }
            guard bytes[index] == ASCII.backslash else { throw error(.unpairedSurrogate, at: escapeStart) }
            let lowEscapeStart = index
            guard index + 1 < count else { throw error(.unterminatedString, at: openingQuote) }
            guard bytes[index + 1] == ASCII.lowerU else { throw error(.unpairedSurrogate, at: escapeStart) }
            index += 2
            let lowUnit = try readHexQuad(escapeStart: lowEscapeStart, openingQuote: openingQuote)
            guard (0xDC00...0xDFFF).contains(lowUnit) else { throw error(.unpairedSurrogate, at: escapeStart) }
            JSONEscapes.appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (lowUnit - 0xDC00), to: &scratch)
        case 0xDC00...0xDFFF:
            throw error(.unpairedSurrogate, at: escapeStart)
        default:
            JSONEscapes.appendUTF8(unit, to: &scratch)
        }
    }

    /// Reads the four hex digits of a `\u` escape starting at `index`.
    private mutating func readHexQuad(escapeStart: Int, openingQuote: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < count else { throw error(.unterminatedString, at: openingQuote) }
            guard let digit = ASCII.hexValue(bytes[index]) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
