import JSON

/// Prints JSON values one per line: compact when piped, pretty (and colored) on a terminal; `-r` prints strings
/// without quotes.
struct ValuePrinter {
    let pretty: PrettyMode
    let raw: Bool

    func write(_ value: JSONValue, into out: inout [UInt8]) {
        if raw, case .string(let text) = value {
            out.append(contentsOf: text.utf8)
        } else {
            JSONWriter(layout: pretty.format ? .pretty : .compact, indent: 2, colors: pretty.colors ? .standard : nil)
                .write(value, into: &out)
        }
        out.append(0x0A)
    }

    /// Whether `write(text:to:)` prints as `write(_:into:)` would (for a scalar given as its JSON text: only
    /// colors change how one is printed).
    var printsScalarText: Bool { !pretty.colors }

    /// Prints a number, `true`, `false`, `null`, or a string without escapes, given as its JSON text (see
    /// `printsScalarText`); `-r` prints such a string's text without its quotes.
    @inline(__always)
    func write(text: UnsafeRawBufferPointer, to out: (UnsafeRawBufferPointer) -> Void) {
        var bytes = text
        if raw, bytes.count >= 2, bytes[0] == 0x22 {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[1..<bytes.count - 1])
        }
        out(bytes)
        let newline: UInt8 = 0x0A
        withUnsafeBytes(of: newline, out)
    }
}
