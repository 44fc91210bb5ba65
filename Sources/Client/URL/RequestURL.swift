import Support

/// A request URL, parsed once: `scheme://[user[:password]@]host[:port][/path][?query][#fragment]`.
///
/// Parsing normalises the way HTTPie (requests and urllib3) does, so that what is printed is what goes on the wire:
/// dot segments of the path are removed (`/a/./b/../c` is `/a/c`); then, in the path and the query, a byte that may
/// not appear there (a space, a non-ASCII UTF-8 byte) is percent-encoded, a `%XX` of an unreserved character is
/// decoded (`%41` is `A`), other escapes get upper-case hex (`%2f` is `%2F`), and a `%` that starts no escape is
/// `%25`. The fragment is kept for printing and never sent.
public struct RequestURL: Sendable, Equatable, CustomStringConvertible {
    /// Lower case: `http` or `https`.
    public internal(set) var scheme: String
    /// `user[:password]`, without the `@`; nil when absent.
    public internal(set) var userInfo: String?
    /// As written (an IPv6 address keeps its brackets).
    public let host: String
    public let port: Int?
    /// Normalised, starting with `/` (or empty when the URL has no path).
    public private(set) var path: String
    /// Normalised, without the `?`; nil when there is no `?`.
    public internal(set) var query: String?
    public let fragment: String?

    public init(parsing text: String) throws(URLParseError) {
        var rest = Substring(text)
        guard let schemeEnd = rest.firstRange(ofText: "://") else { throw .missingScheme(text) }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        self.scheme = scheme
        rest = rest[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        } else {
            userInfo = nil
        }
        (host, port) = try Self.hostAndPort(authority, url: text)
        var rawPath = rest
        var rawQuery: Substring?
        if let question = rest.firstIndex(of: "?") {
            rawPath = rest[..<question]
            rawQuery = rest[rest.index(after: question)...]
        }
        path = Self.normalise(Self.removingDotSegments(String(rawPath)), allowing: Self.pathBytes)
        query = rawQuery.map { Self.normalise(String($0), allowing: Self.queryBytes) }
    }

    /// `host[:port]` as in the URL; IPv6 addresses in brackets; a port from 0 to 65535.
    private static func hostAndPort(_ authority: Substring, url: String) throws(URLParseError) -> (String, Int?) {
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .badHost(String(authority)) }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .badHost(String(authority)) }
                portPart = after.dropFirst()
            }
            let inside = hostPart.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .badHost(String(authority))
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw authority.isEmpty ? .missingHost(url) : .badHost(String(authority)) }
        if !hostPart.hasPrefix("["), hostPart.utf8.contains(where: Self.isForbiddenInHost) {
            throw .badHost(String(hostPart))
        }
        guard let portPart else { return (String(hostPart), nil) }
        if portPart.isEmpty { return (String(hostPart), nil) }
        guard portPart.utf8.count <= 5,
            portPart.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = Int(portPart),
            port <= 65535
        else { throw .badPort(String(portPart)) }
        return (String(hostPart), port)
    }

    /// Bytes a host name may not hold: controls, a space, and < > \ ^ ` { | } % [ ] : (non-ASCII UTF-8 may).
    private static func isForbiddenInHost(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x21, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "%"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: ":"):
            true
        default: false
        }
    }

    /// The URL as sent (without the fragment) or printed (`withFragment`).
    public func string(withFragment: Bool = false) -> String {
        var text = scheme + "://" + (userInfo.map { $0 + "@" } ?? "") + authority + path
        if let query { text += "?" + query }
        if withFragment, let fragment { text += "#" + fragment }
        return text
    }

    public var description: String { string(withFragment: true) }

    /// `host[:port]`.
    public var authority: String { host + (port.map { ":\($0)" } ?? "") }

    /// What follows the method in the request line: the path (`/` when empty) and the query.
    public var requestTarget: String { (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "") }

    /// Appends `key=value` pairs (already encoded) to the query.
    public func appendingQuery(_ pairs: [String]) -> RequestURL {
        guard !pairs.isEmpty else { return self }
        var copy = self
        let joined = pairs.joined(separator: "&")
        if let query = copy.query, !query.isEmpty {
            copy.query = query + (query.hasSuffix("&") ? "" : "&") + joined
        } else {
            copy.query = joined
        }
        return copy
    }
}
