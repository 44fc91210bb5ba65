import Support

extension RequestURL {
    /// The URL as sent, with the password of its user information shown as `***` (`https://ann:***@host/x`): for
    /// errors, notices and logs.
    public var redacted: String {
        guard let userInfo, let colon = userInfo.firstIndex(of: ":") else { return string() }
        var copy = self
        copy.userInfo = userInfo[..<colon] + ":***"
        return copy.string()
    }

    /// A link found in a response (a `Link` header, a next-page field) resolved against this URL: absolute,
    /// network-path (`//host/x`), absolute-path (`/x`), query-only (`?p=2`) or relative to this URL's folder; then
    /// parsed and normalised as any request URL is (a link that is no URL is an error, not a request).
    public func resolving(_ link: String) throws(URLParseError) -> RequestURL {
        // An absolute URL (`https://…`; another scheme is refused by the parser).
        if let schemeEnd = link.firstRange(ofText: "://"), link[..<schemeEnd.lowerBound].utf8.allSatisfy(isSchemeByte) {
            return try RequestURL(parsing: link)
        }
        if link.hasPrefix("//") { return try RequestURL(parsing: scheme + ":" + link) }
        let origin = scheme + "://" + (userInfo.map { $0 + "@" } ?? "") + authority
        if link.hasPrefix("/") { return try RequestURL(parsing: origin + link) }
        if link.hasPrefix("?") { return try RequestURL(parsing: origin + path + link) }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "/"
        return try RequestURL(parsing: origin + folder + link)
    }

    /// The URL with `name=value` (both already encoded) in its query: replacing the first pair of that name, or
    /// appended.
    public func settingQueryParameter(_ name: String, to value: String) -> RequestURL {
        guard let query, !query.isEmpty else { return appendingQuery(["\(name)=\(value)"]) }
        var pairs = query.split(separator: "&", omittingEmptySubsequences: false).map(String.init)
        if let index = pairs.firstIndex(where: { $0 == name || $0.hasPrefix(name + "=") }) {
            pairs[index] = "\(name)=\(value)"
        } else {
            pairs.append("\(name)=\(value)")
        }
        var copy = self
        copy.query = pairs.joined(separator: "&")
        return copy
    }
}

/// A byte of a URL scheme (RFC 3986: letters, digits, `+`, `-`, `.`).
private func isSchemeByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
        true
    default: false
    }
}
