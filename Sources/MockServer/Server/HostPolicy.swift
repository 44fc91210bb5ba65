import HTTPTypes
import Hummingbird
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which `Host` headers the server answers: a defence against DNS rebinding.
///
/// A web page can point a name it controls at 127.0.0.1 and then talk to a server on loopback as if it were its own
/// origin (CORS does not apply to same-origin requests). Such requests carry the attacker's name in `Host`. So when
/// the server listens on a loopback address it answers only requests whose `Host` is a loopback name or address
/// (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`, any port) or the `--host` name; others get 421. A request
/// without `Host` (HTTP/1.0 tools; browsers always send one) is answered. Listening anywhere else, any `Host` is.
struct HostPolicy: Sendable {
    /// False when the server listens beyond loopback: then every `Host` is answered.
    let enforced: Bool
    /// The `--host` name, lower-cased, without brackets.
    let ownName: String

    static let anyHost = HostPolicy(enforced: false, ownName: "")

    init(enforced: Bool, ownName: String) {
        self.enforced = enforced
        self.ownName = ownName
    }

    /// The policy for a server bound to `host` (a name or address, as given to `--host`).
    init(listeningOn host: String) {
        self.init(enforced: listensOnLoopback(host), ownName: Self.normalized(host))
    }

    /// Whether a request with this `Host` (HTTP/2 `:authority`) is answered.
    func allows(_ authority: String?) -> Bool {
        guard enforced, let authority else { return true }
        guard let name = Self.hostName(authority) else { return false }
        return name == ownName || name == "localhost" || name.hasSuffix(".localhost") || isLoopbackAddress(name)
    }

    /// 421 with a JSON error naming the refused `Host`.
    static func misdirected(_ authority: String?) -> Response {
        JSONResponse.error(
            .misdirectedRequest,
            "misdirected request: Host '\(authority ?? "")' is not a name of this server "
                + "(on loopback it answers localhost, 127.x.x.x, [::1] and its --host name)")
    }

    /// The name part of a `Host` value (`[::1]:3000` → `::1`, `LocalHost.:80` → `localhost`), or nil when the value
    /// is not a host with an optional numeric port.
    static func hostName(_ authority: String) -> String? {
        var name = Substring(authority)
        var port: Substring = ""
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return nil }
            port = name[name.index(after: close)...]
            name = name[name.index(after: name.startIndex)..<close]
            if !port.isEmpty {
                guard port.hasPrefix(":") else { return nil }
                port = port.dropFirst()
            }
        } else if let colon = name.firstIndex(of: ":") {
            port = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        guard port.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), !name.isEmpty else {
            return nil
        }
        return normalized(String(name))
    }

    private static func normalized(_ host: String) -> String {
        var name = Substring(host.lowercased())
        if name.hasPrefix("["), name.hasSuffix("]") { name = name.dropFirst().dropLast() }
        if name.count > 1, name.hasSuffix(".") { name = name.dropLast() }
        return String(name)
    }
}

/// Whether `host` names a loopback address (`127.0.0.0/8`, `::1`, `::ffff:127.x.x.x`), written as an address.
func isLoopbackAddress(_ host: String) -> Bool {
    var v4 = in_addr()
    if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
    let bytes = withUnsafeBytes(of: v6) { Array($0) }
    if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
    return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
}

/// Whether the server bound to `host` listens on loopback only: the address the name resolves to (the one the
/// server binds, as NIO resolves it) is a loopback address.
func listensOnLoopback(_ host: String) -> Bool {
    let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    if bare == "localhost" || isLoopbackAddress(bare) { return true }
    guard let address = try? SocketAddress.makeAddressResolvingHost(bare, port: 0) else { return false }
    switch address {
    case .v4(let v4):
        return UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127
    case .v6:
        return address.ipAddress.map(isLoopbackAddress) ?? false
    default:
        return false
    }
}
