/// Bytes from the network shown on a terminal: control characters (ESC sequences that move the cursor, retitle the
/// window, rewrite the clipboard; BEL, backspace, a lone CR) are printed visibly, `\x1b`, like `cat -v` or xh.
/// Piped output is never touched: it stays the exact bytes received.
///
/// Kept as they are: LF, tab, and CR when an LF follows it (CRLF line ends). Escaped: the other C0 controls, DEL,
/// and the C1 controls U+0080 to U+009F (which some terminals obey as CSI and OSC).
enum TerminalText {
    /// One line of text for a terminal (a header, a reason phrase, a file name in a message): every control
    /// character escaped, tab and line breaks included.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { out += escape(scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func escape(_ value: UInt32) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return "\\x" + String(decoding: [hex[Int(value >> 4) & 15], hex[Int(value) & 15]], as: UTF8.self)
    }
}

/// `TerminalText.visible` for one-line messages.
func visible(_ text: String) -> String { TerminalText.visible(text) }

/// An output stream for a body shown on a terminal: escapes control characters as they stream through (a CR or a
/// UTF-8 lead byte at the end of one chunk is decided with the next).
final class TerminalSafeOutput: OutputStream {
    private let inner: any OutputStream
    /// A CR or 0xC2 held back until the next byte says what it is.
    private var held: UInt8?
    private var buffer: [UInt8] = []

    init(_ inner: any OutputStream) { self.inner = inner }

    func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.removeAll(keepingCapacity: true)
        for byte in bytes { take(byte) }
        buffer.withUnsafeBytes { inner.write($0) }
    }

    func flush() {
        if let byte = held {
            held = nil
            buffer.removeAll(keepingCapacity: true)
            // A flush ends what is held: a trailing CR is shown escaped, a lone lead byte passes on.
            append(escapedAlone: byte)
            buffer.withUnsafeBytes { inner.write($0) }
        }
        inner.flush()
    }

    private func take(_ byte: UInt8) {
        if let first = held {
            held = nil
            if first == 0x0D, byte == 0x0A {
                buffer.append(contentsOf: [0x0D, 0x0A])
                return
            }
            if first == 0xC2, (0x80...0x9F).contains(byte) {
                buffer.append(contentsOf: TerminalText.escape(UInt32(byte)).utf8)
                return
            }
            append(escapedAlone: first)
        }
        switch byte {
        case 0x0D, 0xC2: held = byte
        case 0x0A, 0x09: buffer.append(byte)
        case 0..<0x20, 0x7F: buffer.append(contentsOf: TerminalText.escape(UInt32(byte)).utf8)
        default: buffer.append(byte)
        }
    }

    /// A held byte whose follower did not pair with it: a lone CR is escaped, a 0xC2 passes on.
    private func append(escapedAlone byte: UInt8) {
        if byte == 0x0D { buffer.append(contentsOf: TerminalText.escape(0x0D).utf8) } else { buffer.append(byte) }
    }
}
