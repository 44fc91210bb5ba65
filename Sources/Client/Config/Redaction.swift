import Support

/// A URL with the password of its user information replaced by `***` (`https://ann:***@host/x`): secrets never go
/// to listings, errors, warnings or logs. Only `-v`, `--curl` and `--offline` print what is sent, secrets included.
/// Works without a scheme too (`ann:pw@host/x`, as a profile's base may be written).
public func redacted(_ url: String) -> String {
    let rest: Substring
    let prefix: Substring
    if let scheme = url.firstRange(ofText: "://") {
        prefix = url[..<scheme.upperBound]
        rest = url[scheme.upperBound...]
    } else {
        prefix = ""
        rest = Substring(url)
    }
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@") else { return url }
    let userInfo = authority[..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return url }
    return String(prefix) + userInfo[..<colon] + ":***" + String(rest[at...])
}
