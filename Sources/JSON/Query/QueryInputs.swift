/// What `input`, `inputs`, `debug`, `stderr` and `input_line_number` reach: the rest of the values being queried
/// (the response body's later values, for `--query` on a stream) and a sink for messages.
public final class QueryInputs {
    private var pending: [JSONValue]
    private var position = 0
    let message: (String) -> Void

    /// `values` are what `input` reads, in order; `message` receives `debug` and `stderr` output (standard
    /// error in the CLI).
    public init(_ values: [JSONValue] = [], message: @escaping (String) -> Void = { _ in }) {
        pending = values
        self.message = message
    }

    /// The next value not yet read, if any.
    public func next() -> JSONValue? {
        guard position < pending.count else { return nil }
        defer { position += 1 }
        return pending[position]
    }
}
