import Support

/// The status line and header fields of a response.
public struct ResponseHead: Sendable, Equatable {
    /// "HTTP/1.1", "HTTP/2".
    public var version: String
    public var status: Int
    /// The reason phrase the server sent, or the standard one (HTTP/2 sends none).
    public var reason: String
    public var headers: [(name: String, value: String)]

    public init(version: String, status: Int, reason: String, headers: [(name: String, value: String)] = []) {
        self.version = version
        self.status = status
        self.reason = reason.isEmpty ? HTTPStatus.reasonPhrase(status) : reason
        self.headers = headers
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The media type without parameters, lower-cased: "application/json".
    public var mediaType: String? { contentType?.essence }

    /// The `Content-Type`, parsed.
    public var contentType: MediaType? { header("content-type").flatMap(MediaType.init) }

    /// Whether the body is JSON by its media type (`application/json`, `*+json`, `text/json`).
    public var isJSON: Bool { contentType?.isJSON ?? false }

    public static func == (lhs: ResponseHead, rhs: ResponseHead) -> Bool {
        lhs.version == rhs.version && lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Collects raw header lines into response heads, keeping the last complete non-1xx block (the final response
/// when redirects are followed).
struct ResponseHeadParser {
    private var current: ResponseHead?
    private(set) var last: ResponseHead?

    mutating func consume(line bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            let status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            current = ResponseHead(
                version: String(parts.first ?? "HTTP"), status: status, reason: parts.count > 2 ? String(parts[2]) : "")
        } else if line.isEmpty {
            if let head = current, head.status >= 200 || head.status == 101 { last = head }
            current = nil
        } else if let colon = line.firstIndex(of: ":"), current != nil {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            current!.headers.append((name, value))
        }
    }
}
