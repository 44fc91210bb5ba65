/// The most bytes of one body `api` holds in memory (`--max-body`): a response body that must be read whole
/// (`--query`, `--sort-keys`, each page of `--paginate`), one streamed line, one `=@` / `:=@` / `:@` / `==@` file.
/// Response sizes are counted after decoding (gzip, deflate, br), so a compressed bomb is stopped as it inflates.
/// Bodies that are streamed (printed as they arrive, saved with `-o`, uploaded from a file or stdin) have no limit.
public struct BodyLimit: Sendable, Equatable {
    public static let defaultBytes = 256 << 20
    public static let standard = BodyLimit(bytes: defaultBytes)

    public let bytes: Int

    public init(bytes: Int) {
        self.bytes = bytes
    }

    /// Whether `count` bytes already held plus `more` still fit (never overflows).
    public func admits(_ count: Int, adding more: Int) -> Bool {
        count <= bytes && more <= bytes - count
    }

    /// The limit as written on the command line: `256MB`, `64KB`, `1000B`.
    public var text: String {
        for (factor, unit) in [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")] where bytes % factor == 0 {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes)B"
    }

    /// One line for stderr: "the response body is larger than --max-body 256MB (needed whole for --query)".
    public func exceeded(_ what: String, because reason: String? = nil) -> String {
        "\(what) is larger than --max-body \(text)" + (reason.map { " (\($0))" } ?? "")
    }
}
