/// Writes string content (valid UTF-8, without the quotes) with JSON escapes, copying unescaped runs in bulk.
enum JSONStringEscaper {
    /// Escapes `"`, `\` and control characters; with `asciiOnly`, also writes every non-ASCII character as
    /// `\uXXXX` (a surrogate pair above U+FFFF). Everything else is copied as is.
    @inline(__always)
    static func write(_ utf8: UnsafeBufferPointer<UInt8>, asciiOnly: Bool, into stage: inout OutputStage) {
        guard let bytes = utf8.baseAddress else { return }
        let count = utf8.count
        let raw = UnsafeRawPointer(bytes)
        var runStart = 0
        var index = 0
        while index < count {
            index = JSONEscapes.skipPlainBytes(raw, from: index, count: count, nonASCII: asciiOnly)
            guard index < count else { break }
            let byte = bytes[index]
            if JSONEscapes.mustEscape(byte) {
                stage.write(bytes + runStart, count: index - runStart)
                stage.advance(
                    by: JSONEscapes.writeEscape(ofASCII: byte, to: stage.reserve(JSONEscapes.maxScalarOutput)))
                index += 1
                runStart = index
            } else if asciiOnly, byte >= ASCII.firstNonASCII {
                stage.write(bytes + runStart, count: index - runStart)
                index = writeUnicodeEscapes(bytes, at: index, into: &stage)
                runStart = index
            } else {
                index += 1
            }
        }
        stage.write(bytes + runStart, count: count - runStart)
    }

    /// Writes the (valid) UTF-8 sequence at `index` as `\uXXXX` escapes; returns the index after it.
    private static func writeUnicodeEscapes(
        _ bytes: UnsafePointer<UInt8>, at index: Int, into stage: inout OutputStage
    ) -> Int {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var scalar = lead & (0x7F >> UInt32(length))
        for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + k] & 0x3F) }
        if scalar >= 0x10000 {
            let offset = scalar - 0x10000
            stage.advance(by: JSONEscapes.writeUnicodeEscape(0xD800 + (offset >> 10), to: stage.reserve(6)))
            stage.advance(by: JSONEscapes.writeUnicodeEscape(0xDC00 + (offset & 0x3FF), to: stage.reserve(6)))
        } else {
            stage.advance(by: JSONEscapes.writeUnicodeEscape(scalar, to: stage.reserve(6)))
        }
        return index + length
    }
}
