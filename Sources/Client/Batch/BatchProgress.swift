/// How far a batch has got, for a progress line on stderr.
public struct BatchProgress: Sendable, Equatable {
    /// Requests output so far.
    public var done: Int
    /// All requests, once the input has been read to its end (or as given to `run`); nil before.
    public var total: Int?
    /// Seconds since the batch started.
    public var elapsed: Double

    public var requestsPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
}

/// Counts for the end of a batch (`api: batch: N requests, M connections` with -v).
public struct BatchStatistics: Sendable, Equatable {
    /// Requests output, spec errors included.
    public var requests = 0
    /// Requests whose outcome counted as success.
    public var succeeded = 0
    /// Transfers started: requests plus retries.
    public var attempts = 0
    public var retries = 0
    /// Connections libcurl opened over the whole batch (the sum of `CURLINFO_NUM_CONNECTS` over all transfers).
    public var connectionsOpened = 0
    /// Seconds from the start of `run` to its end.
    public var elapsed = 0.0

    public var failed: Int { requests - succeeded }
}

/// A request that will be tried again, for a line on stderr.
public struct BatchRetryNotice: Sendable, Equatable, CustomStringConvertible {
    /// The request's 0-based index in the output.
    public var index: Int
    /// What went wrong: `503 Service Unavailable`, or the transport failure.
    public var reason: String
    /// 1-based number of the retry about to be made.
    public var attempt: Int
    public var maxRetries: Int
    /// Seconds until it starts.
    public var delay: Double

    /// `#3: 503 Service Unavailable, retry 1/3 in 1.4s`.
    public var description: String {
        let tenths = (delay * 10).rounded() / 10
        return "#\(index): \(reason), retry \(attempt)/\(maxRetries) in \(tenths)s"
    }
}
