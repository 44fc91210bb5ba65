/// Writes string content (valid UTF-8, without the quotes) with JSON escapes, copying unescaped runs in bulk.
enum JSONStringEscaper {
    /// Escapes `"`, `\` and control characters; everything else is copied as is.
    static func append(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if JSONEscapes.mustEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(ofASCII: byte, to: &out)
                runStart = index + 1
            }
            index += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
    }

    /// Like `append`, and also writes every non-ASCII character as `\uXXXX` (a surrogate pair above U+FFFF).
    static func appendASCIIOnly(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if JSONEscapes.mustEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(ofASCII: byte, to: &out)
                index += 1
                runStart = index
            } else if byte >= ASCII.firstNonASCII {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                let (scalar, length) = decodeScalar(utf8, at: index)
                if scalar >= 0x10000 {
                    appendUnicodeEscape(0xD800 + ((scalar - 0x10000) >> 10), to: &out)
                    appendUnicodeEscape(0xDC00 + ((scalar - 0x10000) & 0x3FF), to: &out)
                } else {
                    appendUnicodeEscape(scalar, to: &out)
                }
                index += length
                runStart = index
            } else {
                index += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
    }

    private static func appendEscape(ofASCII byte: UInt8, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONEscapes.maxScalarOutput) { buffer in
            let count = JSONEscapes.writeEscape(ofASCII: byte, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt32, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { buffer in
            let count = JSONEscapes.writeUnicodeEscape(unit, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Decodes the scalar whose (valid) UTF-8 sequence starts at `index`.
    private static func decodeScalar(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(utf8[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var scalar = lead & (0x7F >> UInt32(length))
        for k in 1..<length { scalar = scalar << 6 | UInt32(utf8[index + k] & 0x3F) }
        return (scalar, length)
    }
}
