/// Turns the TARGET argument into a URL.
///
/// - `http://…`, `https://…`: as is.
/// - `:3000/users`, `:/users`: `http://localhost:3000/users`, `http://localhost/users`.
/// - `localhost:3000/x`, `example.com/x`, `host:8080/x`: `http://` is prefixed.
/// - anything else (`users`, `users/1`, `/users?x=1`): a path joined to the base URL.
public enum Target {
    public static let defaultBaseURL = "http://localhost:3000"

    public static func resolve(_ target: String, base: String) throws(TargetError) -> String {
        if target.isEmpty { throw .empty }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return target }
        let scheme = target.prefix { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
        if !scheme.isEmpty, target.dropFirst(scheme.count).hasPrefix("://") {
            throw .unsupportedScheme(String(scheme))
        }
        if target.hasPrefix("://") { return "http" + target }  // HTTPie: the scheme left out
        if target.hasPrefix(":"), !target.hasPrefix("::") {
            let rest = target.dropFirst()
            let port = rest.prefix { $0.isASCII && $0.isNumber }
            let path = rest.dropFirst(port.count)
            if !path.isEmpty, path.first != "/" { throw .badShorthand(target) }
            return "http://localhost" + (port.isEmpty ? "" : ":\(port)") + (path.isEmpty ? "" : String(path))
        }
        let firstSegment = target.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if isHost(firstSegment) { return "http://" + target }
        return join(base: base, path: target)
    }

    /// `localhost`, `localhost:3000`, anything with a dot (`example.com`, `127.0.0.1:8080`), or `name:port`.
    static func isHost(_ segment: Substring) -> Bool {
        let hostPart: Substring
        if let colon = segment.lastIndex(of: ":") {
            let port = segment[segment.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            hostPart = segment[..<colon]
            if !hostPart.isEmpty { return true }
        } else {
            hostPart = segment
        }
        return hostPart.lowercased() == "localhost" || (hostPart.contains(".") && !hostPart.hasPrefix("."))
    }

    /// Joins a path to a base URL with exactly one slash between them.
    public static func join(base: String, path: String) -> String {
        var base = Substring(base)
        while base.hasSuffix("/") { base.removeLast() }
        if path.hasPrefix("?") || path.hasPrefix("#") { return base + path }
        var path = Substring(path)
        while path.hasPrefix("/") { path.removeFirst() }
        return base + "/" + path
    }

}

public enum TargetError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unsupportedScheme(String)
    case badShorthand(String)

    public var description: String {
        switch self {
        case .empty: "empty target: give a URL or a path such as users/1"
        case .unsupportedScheme(let scheme): "unsupported URL scheme '\(scheme)': use http:// or https://"
        case .badShorthand(let target): "bad localhost shorthand '\(target)': expected :PORT/PATH, e.g. :3000/users"
        }
    }
}
