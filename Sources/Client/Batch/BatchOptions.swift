import JSON

/// How `api batch` runs its requests.
public struct BatchOptions: Sendable {
    /// Transfers in flight at most, and connections per host at most (must be at least 1).
    public var parallel = 8
    /// Request starts per second at most (retries count); nil: as fast as `parallel` allows.
    public var rate: Double?
    /// Applied to each request on its own.
    public var retry = RetryPolicy()
    /// Start no new request after the first one that fails (running ones finish and are output).
    public var failFast = false
    /// Applied to each response body; its results replace the body in the output.
    public var query: Query?
    /// What relative spec URLs are joined to.
    public var baseURL = Target.defaultBaseURL
    /// Sent with every request unless the spec sets the same header: User-Agent, Accept, auth, profile headers.
    public var defaultHeaders: [HeaderField] = []
    public var transfer = TransferOptions()
    /// Statuses that count as success (`--ok 404,409`).
    public var okStatuses: Set<Int> = []
    /// Every response counts as success whatever its status (`--ignore-status`).
    public var ignoreStatus = false

    public init() {}
}
