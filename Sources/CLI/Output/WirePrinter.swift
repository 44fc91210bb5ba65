import Client
import JSON

/// Prints a captured request (`--offline`): its head line by line (line ends as LF) and its body, each when asked.
/// The bytes are those libcurl writes (see `RequestCapture`); a JSON body is formatted when the mode asks for it,
/// and a body that is not text is not written to a terminal.
struct WirePrinter {
    let style: Style
    let pretty: PrettyMode
    let terminal: Bool

    func render(_ wire: [UInt8], headers: Bool, body: Bool) -> [UInt8] {
        let headEnd = RequestCapture.headEnd(wire) ?? wire.count
        let headText = String(decoding: wire[..<headEnd], as: UTF8.self)
        let lines = headText.split(separator: "\r\n", omittingEmptySubsequences: true)
        var out: [UInt8] = []
        if headers {
            for (offset, line) in lines.enumerated() {
                if offset == 0 {
                    let parts = line.split(separator: " ", maxSplits: 2)
                    if parts.count == 3 {
                        out += Array(
                            (style.paint(String(parts[0]), "32;1") + " " + style.paint(String(parts[1]), "36") + " "
                                + style.paint(String(parts[2]), "34")).utf8)
                    } else {
                        out += Array(visible(String(line)).utf8)
                    }
                } else if let colon = line.firstIndex(of: ":") {
                    let value = line[line.index(after: colon)...].drop { $0 == " " }
                    out += Array(style.header(String(line[..<colon]), visible(String(value))).utf8)
                } else {
                    out += Array(visible(String(line)).utf8)
                }
                out.append(0x0A)
            }
            out.append(0x0A)
        }
        let bodyBytes = Array(wire[headEnd...])
        if body, !bodyBytes.isEmpty {
            out += renderBody(bodyBytes, mediaType: mediaType(lines))
        }
        return out
    }

    private func renderBody(_ bytes: [UInt8], mediaType: MediaType?) -> [UInt8] {
        if pretty.format || pretty.colors, mediaType?.isJSON == true, let value = try? JSON.parse(bytes) {
            var out: [UInt8] = []
            JSONWriter(layout: pretty.format ? .pretty : .compact, colors: pretty.colors ? .standard : nil)
                .write(value, into: &out)
            return out + [0x0A]
        }
        if terminal, String(validating: bytes, as: UTF8.self) == nil {
            return Array("(a body of \(bytes.count) bytes that is not text, not shown on a terminal)\n".utf8)
        }
        return bytes + (bytes.last == 0x0A ? [] : [0x0A])
    }

    private func mediaType(_ lines: [Substring]) -> MediaType? {
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "content-type" else { continue }
            return MediaType(String(line[line.index(after: colon)...]))
        }
        return nil
    }
}
