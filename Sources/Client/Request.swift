import Support

/// One HTTP request, parsed once from the command line (or a batch spec) and then sent as is.
public struct Request: Sendable {
    /// Upper-case method, e.g. "GET".
    public var method: String
    /// Parsed and normalised once (RequestURL); sent, printed, redacted and resolved against from this value.
    public var url: RequestURL
    /// Header fields in the order they are sent. A nil value removes a header libcurl would add by itself.
    public var headers: [HeaderField]
    public var body: RequestBody
    public var options: TransferOptions
    /// Names (lower case) of headers that carry credentials beyond the usual ones (a profile's headers): with
    /// `Authorization`, `Cookie` and any header named like a secret, they are dropped by `droppingCredentials()`.
    public var credentialHeaders: Set<String> = []

    public init(
        method: String, url: RequestURL, headers: [HeaderField] = [], body: RequestBody = .none,
        options: TransferOptions = TransferOptions()
    ) {
        self.method = method.uppercased()
        self.url = url
        self.headers = headers
        self.body = body
        self.options = options
    }

    /// The value of the first header with this name (case-insensitive), if it is set.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Sets a header, replacing any with the same name (case-insensitive) in place, else appending.
    public mutating func setHeader(_ name: String, _ value: String?) {
        let lower = name.lowercased()
        if let index = headers.firstIndex(where: { $0.name.lowercased() == lower }) {
            headers[index] = HeaderField(name: name, value: value)
            var position = 0
            headers.removeAll { field in
                defer { position += 1 }
                return position != index && field.name.lowercased() == lower
            }
        } else {
            headers.append(HeaderField(name: name, value: value))
        }
    }

    /// Whether a header carries credentials: `Authorization`, `Cookie`, one marked in `credentialHeaders`, or one
    /// whose name says it holds a secret (`X-Api-Key`, `X-Auth-Token`, `X-Session-Id`, `X-Client-Secret` ...).
    public func isCredentialHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower == "authorization" || lower == "cookie" || credentialHeaders.contains(lower) { return true }
        return ["auth", "token", "key", "secret", "session", "password", "cookie", "credential"].contains {
            lower.containsText($0)
        }
    }

    /// The request without its credentials (basic auth and credential headers), and what was dropped, for a notice:
    /// e.g. ["Authorization", "X-Api-Key"].
    public func droppingCredentials() -> (Request, dropped: [String]) {
        var copy = self
        var dropped: [String] = []
        if copy.options.basicAuth != nil {
            copy.options.basicAuth = nil
            dropped.append("basic auth")
        }
        copy.headers.removeAll { field in
            guard field.value != nil, isCredentialHeader(field.name) else { return false }
            dropped.append(field.name)
            return true
        }
        return (copy, dropped)
    }
}

public struct HeaderField: Sendable, Equatable {
    public var name: String
    /// nil: remove the header (sent to libcurl as `Name:`); "": send it empty (`Name;`).
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// Where the request body comes from.
public enum RequestBody: Sendable, Equatable {
    case none
    case bytes([UInt8])
    /// A file streamed from disk when sent.
    case file(path: String)
    /// The bytes already read from an open descriptor (stdin), then the rest of it, read as it is sent.
    case stream(prefix: [UInt8], descriptor: Int32)
    case multipart([MultipartPart])

    public var isEmpty: Bool { if case .none = self { true } else { false } }
}

public struct MultipartPart: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case field(String)
        case file(path: String, fileName: String, contentType: String?)
    }

    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }
}

/// How to send: timeouts, redirects, TLS, proxy and protocol choices.
public struct TransferOptions: Sendable, Equatable {
    public enum HTTPVersion: Sendable, Equatable { case automatic, http1_1, http2 }

    public var followRedirects = false
    public var maxRedirects = 30
    /// Whole-request timeout in seconds (nil: none).
    public var timeout: Double?
    public var connectTimeout: Double?
    public var insecure = false
    public var caCertificate: String?
    public var clientCertificate: String?
    public var clientKey: String?
    public var httpVersion = HTTPVersion.automatic
    public var proxy: String?
    public var compressed = true
    /// `--follow-any-origin`: credentials go along to redirects on other origins (libcurl's UNRESTRICTED_AUTH).
    public var credentialsToAnyOrigin = false
    public var basicAuth: (user: String, password: String)? {
        get { basicUser.map { ($0, basicPassword ?? "") } }
        set {
            basicUser = newValue?.user
            basicPassword = newValue?.password
        }
    }
    private var basicUser: String?
    private var basicPassword: String?

    public init() {}
}
