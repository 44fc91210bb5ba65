extension JSONStreamFormatter {
    /// Copies string content in bulk up to the closing quote, a backslash or the end of the chunk, validating
    /// UTF-8 on the way. Eight bytes at a time are checked for anything special (quote, backslash, control
    /// character, non-ASCII).
    @inline(__always)
    mutating func scanString(
        _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, into stage: inout OutputStage
    ) throws(JSONParseError) -> Int {
        var index = start
        if utf8Remaining > 0 { index = try continueUTF8(bytes, from: index, count: count) }
        let raw = UnsafeRawPointer(bytes)
        while index < count {
            index = JSONEscapes.skipPlainBytes(raw, from: index, count: count, nonASCII: true)
            guard index < count else { break }
            let byte = bytes[index]
            if byte == ASCII.quote {
                stage.write(bytes + start, count: index - start)
                pieces.write(stringIsKey ? pieces.keyClose : pieces.stringClose, into: &stage)
                if stringIsKey {
                    phase = .colon
                } else {
                    valueEnded(isScalar: false, into: &stage)
                }
                return index + 1
            } else if byte == ASCII.backslash {
                stage.write(bytes + start, count: index - start)
                escapeStart = consumed + index
                phase = .escape
                return index + 1
            } else if byte >= ASCII.firstNonASCII {
                guard let lead = UTF8Lead(byte) else { throw error(.invalidUTF8, at: consumed + index) }
                utf8Start = consumed + index
                utf8Remaining = lead.continuationCount
                utf8Low = lead.firstLow
                utf8High = lead.firstHigh
                index = try continueUTF8(bytes, from: index + 1, count: count)
            } else if byte < ASCII.firstPrintable {
                throw error(.controlCharacterInString(byte), at: consumed + index)
            } else {
                index &+= 1
            }
        }
        stage.write(bytes + start, count: count - start)
        return count
    }

    /// Checks the continuation bytes still due for the current UTF-8 sequence (it may have started in an earlier
    /// chunk); an ill-formed sequence is reported at its first byte.
    @inline(__always)
    mutating func continueUTF8(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int) throws(JSONParseError)
        -> Int
    {
        var index = start
        while utf8Remaining > 0, index < count {
            let byte = bytes[index]
            guard byte >= utf8Low, byte <= utf8High else { throw error(.invalidUTF8, at: utf8Start) }
            utf8Low = UTF8Lead.continuationLow
            utf8High = UTF8Lead.continuationHigh
            utf8Remaining -= 1
            index += 1
        }
        return index
    }

    /// One byte of an escape sequence; decoded characters are written the way `JSONWriter` writes them.
    mutating func escape(_ byte: UInt8, at index: Int, into stage: inout OutputStage) throws(JSONParseError) {
        switch phase {
        case .escape:
            if let decoded = JSONEscapes.decodedSimpleEscape(byte) {
                writeScalar(UInt32(decoded), into: &stage)
                phase = .string
            } else if byte == ASCII.lowerU {
                hexValue = 0
                hexCount = 0
                readingLowSurrogate = false
                phase = .unicodeEscape
            } else {
                throw error(.invalidEscape(byte), at: escapeStart)
            }
        case .unicodeEscape:
            guard let digit = ASCII.hexValue(byte) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
            hexValue = hexValue << 4 | digit
            hexCount += 1
            guard hexCount == 4 else { return }
            if readingLowSurrogate {
                guard (0xDC00...0xDFFF).contains(hexValue) else {
                    throw error(.unpairedSurrogate, at: highSurrogateStart)
                }
                writeScalar(0x10000 + ((highSurrogate - 0xD800) << 10) + (hexValue - 0xDC00), into: &stage)
                phase = .string
            } else {
                switch hexValue {
                case 0xD800...0xDBFF:
                    highSurrogate = hexValue
                    highSurrogateStart = escapeStart
                    phase = .lowSurrogateBackslash
                case 0xDC00...0xDFFF:
                    throw error(.unpairedSurrogate, at: escapeStart)
                default:
                    writeScalar(hexValue, into: &stage)
                    phase = .string
                }
            }
        case .lowSurrogateBackslash:
            guard byte == ASCII.backslash else { throw error(.unpairedSurrogate, at: highSurrogateStart) }
            escapeStart = consumed + index
            phase = .lowSurrogateU
        case .lowSurrogateU:
            guard byte == ASCII.lowerU else { throw error(.unpairedSurrogate, at: highSurrogateStart) }
            hexValue = 0
            hexCount = 0
            readingLowSurrogate = true
            phase = .unicodeEscape
        default:
            preconditionFailure("escape() called in phase \(phase)")
        }
    }

    @inline(__always)
    private func writeScalar(_ scalar: UInt32, into stage: inout OutputStage) {
        let written = JSONEscapes.writeScalar(scalar, to: stage.reserve(JSONEscapes.maxScalarOutput))
        stage.advance(by: written)
    }
}
