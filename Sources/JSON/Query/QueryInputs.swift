#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `input`, `inputs`, `debug`, `stderr` and `input_line_number` reach: the rest of the values being queried
/// (the response body's later values, for `--query` on a stream) and a sink for messages.
public final class QueryInputs {
    private var pending: [JSONValue]
    private var position = 0
    let message: (String) -> Void

    /// `values` are what `input` reads, in order; `message` receives `debug` and `stderr` output (standard
    /// error by default, as jq writes them).
    public init(_ values: [JSONValue] = [], message: @escaping (String) -> Void = QueryInputs.standardError) {
        pending = values
        self.message = message
    }

    public static func standardError(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    /// The next value not yet read, if any.
    public func next() -> JSONValue? {
        guard position < pending.count else { return nil }
        defer { position += 1 }
        return pending[position]
    }
}
