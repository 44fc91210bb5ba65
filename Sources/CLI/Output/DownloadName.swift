import Client
import Support

/// The file name `-d/--download` saves to: the `filename` of `Content-Disposition`, else the URL's last path
/// segment (with an extension from the media type when it has none), never a path outside the current folder.
enum DownloadName {
    /// `path`: the request URL's (normalised, percent-encoded).
    static func choose(contentDisposition: String?, path: String, mediaType: String?) -> String {
        if let header = contentDisposition, let name = fileName(fromDisposition: header), let safe = sanitize(name) {
            return safe
        }
        let segments = path.split(separator: "/")
        var name = segments.last.map { percentDecoded($0) }.flatMap(sanitize) ?? "index"
        if !name.utf8.contains(UInt8(ascii: ".")), let ext = mediaType.flatMap(fileExtension) { name += "." + ext }
        return name
    }

    static func fileName(fromDisposition header: String) -> String? {
        for parameter in header.split(separator: ";") {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingBlanks().lowercased()
            var value = pair[1].trimmingBlanks()
            if key == "filename*", let quote = value.firstRange(ofText: "''") {
                return percentDecoded(value[quote.upperBound...])
            }
            if key == "filename" {
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
        }
        return nil
    }

    /// The last path component, without leading dots; nil when nothing usable is left, or when the name holds a
    /// control character or `..` (such a name is refused, not repaired: the URL's name is used instead).
    static func sanitize(_ name: String) -> String? {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let trimmed = String(last.drop { $0 == "." })
        let hasControl = trimmed.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        guard !trimmed.isEmpty, !hasControl, !trimmed.containsText("..") else { return nil }
        return trimmed
    }

    static func fileExtension(_ mediaType: String) -> String? {
        switch mediaType {
        case "application/json": "json"
        case "text/html": "html"
        case "text/plain": "txt"
        case "application/xml", "text/xml": "xml"
        case "text/csv": "csv"
        case "application/pdf": "pdf"
        case "image/png": "png"
        case "image/jpeg": "jpg"
        case "application/zip": "zip"
        case "application/gzip": "gz"
        default: nil
        }
    }

    /// A name that does not exist yet: NAME, else NAME-1, NAME-2, … (as HTTPie does).
    static func unused(_ name: String, exists: (String) -> Bool) -> String {
        guard exists(name) else { return name }
        for index in 1... {
            let candidate = "\(name)-\(index)"
            if !exists(candidate) { return candidate }
        }
        return name
    }
}
