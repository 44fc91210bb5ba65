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
}
