import Support

/// Where a PostgreSQL store lives: `postgres://USER[:PASS]@HOST[:PORT]/DBNAME[?sslmode=…]` (also `postgresql://`).
///
/// The password is kept out of every description: `redacted` is what logs and errors show.
public struct PostgresLocation: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    /// `sslmode`: `disable`, `prefer` or `require` (`verify-full` and `verify-ca` are accepted as `require`). TLS,
    /// when used, always verifies the server's certificate and name. The default is `disable` on a loopback host
    /// (nothing travels over a network) and `require` elsewhere.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    /// The location as logs and errors show it: `postgres://user:***@host:port/db`.
    public var redacted: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(hostForDisplay):\(port)/\(database)"
    }

    var hostForDisplay: String { host.contains(":") ? "[\(host)]" : host }

    /// Parses `text`; the error names what is wrong, never the password.
    public init(_ text: String) throws(PostgresLocationError) {
        var rest = Substring(text)
        guard let scheme = ["postgres://", "postgresql://"].first(where: { rest.hasPrefix($0) }) else {
            throw PostgresLocationError("expected postgres://USER[:PASS]@HOST[:PORT]/DBNAME")
        }
        rest = rest.dropFirst(scheme.count)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw PostgresLocationError("missing /DBNAME") }
        let authority = rest[..<slash]
        let databaseText = rest[rest.index(after: slash)...]
        guard let database = percentDecodedComponent(databaseText), !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("missing or bad database name after the host")
        }
        self.database = database
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                guard let user = percentDecodedComponent(credentials[..<colon]),
                    let password = percentDecodedComponent(credentials[credentials.index(after: colon)...])
                else { throw PostgresLocationError("bad percent-encoding in the user or password") }
                self.user = user
                self.password = password
            } else {
                guard let user = percentDecodedComponent(credentials) else {
                    throw PostgresLocationError("bad percent-encoding in the user name")
                }
                self.user = user
                self.password = nil
            }
        } else {
            self.user = "postgres"
            self.password = nil
        }
        guard !user.isEmpty else { throw PostgresLocationError("empty user name") }
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else {
                throw PostgresLocationError("unclosed [ in the host")
            }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresLocationError("bad text after ] in the host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            portText = hostPart[hostPart.index(after: colon)...]
        } else {
            host = String(hostPart)
        }
        guard !host.isEmpty else { throw PostgresLocationError("missing host") }
        if let portText {
            guard portText.count <= 5, portText.allSatisfy(\.isASCII), let port = Int(portText),
                (1...65535).contains(port)
            else { throw PostgresLocationError("bad port '\(portText)': expected 1 to 65535") }
            self.port = port
        } else {
            self.port = 5432
        }
        tls = Self.isLoopback(host) ? .disable : .require
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            guard name == "sslmode" else {
                throw PostgresLocationError("unknown parameter '\(name)' (known: sslmode)")
            }
            switch value {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default:
                throw PostgresLocationError(
                    "bad sslmode '\(value)': expected disable, prefer, require, verify-ca or verify-full")
            }
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Why a `--store` location cannot be used; the message never holds the password.
public struct PostgresLocationError: Error, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A URL component with its `%XX` escapes decoded.
private func percentDecodedComponent(_ text: Substring) -> String? { percentDecoded(text, plusAsSpace: false) }
