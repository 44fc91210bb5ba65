/// `--fail RATE`, `--fail-status STATUS` and `--jitter MS`: failures and latency injected into a share of the
/// requests (never into `OPTIONS` or `/__api/`), before the routes see them, so a faulted write changes nothing.
public struct FaultPolicy: Sendable, Equatable {
    /// The share of requests answered `failStatus`, 0 to 1.
    public var failRate: Double = 0
    /// 400 to 599; default 503.
    public var failStatus: Int = 503
    /// A random delay from 0 to this many milliseconds on top of `--delay`.
    public var jitterMilliseconds: Int = 0

    public static let failStatuses = 400...599

    public init() {}

    /// Whether any request may be faulted (the event-loop fast path is then off).
    public var isActive: Bool { failRate > 0 || jitterMilliseconds > 0 }

    func shouldFail() -> Bool {
        failRate >= 1 || (failRate > 0 && Double.random(in: 0..<1) < failRate)
    }

    func jitter() -> Int { jitterMilliseconds > 0 ? Int.random(in: 0...jitterMilliseconds) : 0 }
}
