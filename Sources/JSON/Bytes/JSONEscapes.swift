/// The escape rules shared by the parser (decoding), the writer and the streaming formatter (encoding), so that
/// formatting a document as a stream gives the same bytes as parsing it and writing the value.
///
/// Output rule: `"` and `\` are escaped, control characters become `\b \f \n \r \t` or `\u00xx` (lower-case hex),
/// everything else (including `/`, DEL and non-ASCII) is written as its UTF-8 bytes.
enum JSONEscapes {
    /// The byte a one-letter escape (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) stands for, or nil.
    @inline(__always)
    static func decodedSimpleEscape(_ letter: UInt8) -> UInt8? {
        switch letter {
        case ASCII.quote, ASCII.backslash, ASCII.slash: letter
        case ASCII.lowerB: 0x08
        case ASCII.lowerF: 0x0C
        case ASCII.lowerN: ASCII.newline
        case ASCII.lowerR: ASCII.carriageReturn
        case ASCII.lowerT: ASCII.tab
        default: nil
        }
    }

    /// Whether a byte of string content must be escaped on output.
    @inline(__always)
    static func mustEscape(_ byte: UInt8) -> Bool {
        byte < ASCII.firstPrintable || byte == ASCII.quote || byte == ASCII.backslash
    }

    /// The most bytes `writeScalar` produces.
    static let maxScalarOutput = 6

    /// Writes the output form of one Unicode scalar of string content (escaped when the rule says so) to `buffer`,
    /// which must have room for `maxScalarOutput` bytes; returns the byte count.
    @inline(__always)
    static func writeScalar(_ scalar: UInt32, to buffer: UnsafeMutablePointer<UInt8>) -> Int {
        if scalar < 0x80 {
            let byte = UInt8(truncatingIfNeeded: scalar)
            guard mustEscape(byte) else {
                buffer[0] = byte
                return 1
            }
            return writeEscape(ofASCII: byte, to: buffer)
        }
        return writeUTF8(scalar, to: buffer)
    }

    /// Writes the escape of a byte that `mustEscape`: `\"`, `\\`, `\n` ... or `\u00xx`.
    @inline(never)
    static func writeEscape(ofASCII byte: UInt8, to buffer: UnsafeMutablePointer<UInt8>) -> Int {
        buffer[0] = ASCII.backslash
        switch byte {
        case ASCII.quote, ASCII.backslash: buffer[1] = byte
        case 0x08: buffer[1] = ASCII.lowerB
        case 0x0C: buffer[1] = ASCII.lowerF
        case ASCII.newline: buffer[1] = ASCII.lowerN
        case ASCII.carriageReturn: buffer[1] = ASCII.lowerR
        case ASCII.tab: buffer[1] = ASCII.lowerT
        default: return writeUnicodeEscape(UInt32(byte), to: buffer)
        }
        return 2
    }

    /// Writes `\uXXXX` (lower-case hex) for a UTF-16 code unit.
    @inline(__always)
    static func writeUnicodeEscape(_ unit: UInt32, to buffer: UnsafeMutablePointer<UInt8>) -> Int {
        buffer[0] = ASCII.backslash
        buffer[1] = ASCII.lowerU
        buffer[2] = ASCII.hexDigit(unit >> 12)
        buffer[3] = ASCII.hexDigit(unit >> 8)
        buffer[4] = ASCII.hexDigit(unit >> 4)
        buffer[5] = ASCII.hexDigit(unit)
        return 6
    }

    /// Writes the UTF-8 encoding of a scalar (at most 4 bytes).
    @inline(__always)
    static func writeUTF8(_ scalar: UInt32, to buffer: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            buffer[0] = UInt8(truncatingIfNeeded: scalar)
            return 1
        case 0x80..<0x800:
            buffer[0] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            buffer[0] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
            buffer[2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return 3
        default:
            buffer[0] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
            buffer[1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F)
            buffer[2] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
            buffer[3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return 4
        }
    }

    /// Appends the UTF-8 encoding of a decoded `\u` escape (never a lone surrogate) to `bytes`.
    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4) { buffer in
            let count = writeUTF8(scalar, to: buffer.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// A word with the high bit set in each byte that must be escaped (`"`, `\`, below 0x20), and in each
    /// non-ASCII byte when `nonASCII` is set. The lowest set bit marks the first such byte exactly (borrows only
    /// run towards higher bytes), so `trailingZeroBitCount >> 3` is its index in a little-endian load.
    @inline(__always)
    static func specialByteMask(_ word: UInt64, nonASCII: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word
        let quotes = word ^ (ones &* UInt64(ASCII.quote))
        let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        return (control | isQuote | isBackslash | (nonASCII ? word : 0)) & highBits
    }

    /// The index of the first byte at or after `index` that needs attention (a quote, a backslash, a control byte,
    /// or with `nonASCII` any byte above 0x7F), skipping plain bytes eight at a time; `count` when there is none
    /// within the last whole word (the caller checks the remaining bytes one by one).
    @inline(__always)
    static func skipPlainBytes(_ raw: UnsafeRawPointer, from index: Int, count: Int, nonASCII: Bool) -> Int {
        var index = index
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let special = specialByteMask(word, nonASCII: nonASCII)
            if special != 0 { return index &+ (special.trailingZeroBitCount &>> 3) }
            index &+= 8
        }
        return index
    }
}
