/// The origin of a URL (RFC 6454): scheme, host and port, with the default port filled in, so that
/// `http://a.example` and `http://a.example:80/x` are one origin and `http://localhost:3000` and
/// `http://localhost:3001` are two. Credentials are sent only to the origin they were given for.
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    public init(_ url: RequestURL) {
        scheme = url.scheme
        host = url.host.lowercased()
        port = url.port ?? (url.scheme == "https" ? 443 : 80)
    }

    public var description: String { "\(scheme)://\(host):\(port)" }
}
