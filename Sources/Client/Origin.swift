/// The origin of a URL (RFC 6454): scheme, host and port, with the default port filled in, so that
/// `http://a.example` and `http://a.example:80/x` are one origin and `http://localhost:3000` and
/// `http://localhost:3001` are two. Credentials are sent only to the origin they were given for.
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    /// nil when the URL has no `scheme://host` (such a URL never matches any origin).
    public init?(url: String) {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        var authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hostPart = authority
        var portText: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        host = hostPart.lowercased()
        if portText.isEmpty {
            switch scheme {
            case "http": port = 80
            case "https": port = 443
            default: port = 0
            }
        } else {
            guard portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText),
                number <= 65535
            else { return nil }
            port = number
        }
    }

    public var description: String { "\(scheme)://\(host):\(port)" }
}
