import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// When and how long to wait before trying a request again (`--retry N`).
///
/// Retries connection failures, timeouts and the statuses 408, 425, 429, 500, 502, 503, 504; only idempotent methods
/// (GET, HEAD, PUT, DELETE, OPTIONS) unless `retryAllMethods`. The wait is exponential backoff with full jitter
/// (base 0.5 s, cap 30 s), or the server's `Retry-After` when it sent one, capped at `maxTime` (or
/// `retryAfterCap`, 5 minutes, without it); `maxTime` bounds the total.
public struct RetryPolicy: Sendable, Equatable {
    // Arrays, not sets: the first use of a `Set<Int>` makes the runtime look up `Int: Hashable` by scanning every
    // conformance record of the binary (0.44 M instructions, 2% of a one-shot GET); a few elements need no hashing.
    public static let retryableStatuses: [Int] = [408, 425, 429, 500, 502, 503, 504]
    public static let idempotentMethods: [String] = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]

    public var maxRetries: Int
    public var retryAllMethods: Bool
    /// Seconds the retries may take in all (nil: no bound).
    public var maxTime: Double?
    public var base = 0.5
    public var cap = 30.0
    /// The longest `Retry-After` wait honoured without `maxTime` (a server may ask for years).
    public static let retryAfterCap = 300.0

    public init(maxRetries: Int = 0, retryAllMethods: Bool = false, maxTime: Double? = nil) {
        self.maxRetries = maxRetries
        self.retryAllMethods = retryAllMethods
        self.maxTime = maxTime
    }

    /// Whether a response with this status (or a failure, when status is nil) is worth another try.
    public func isRetryable(method: String, status: Int?, failure: TransferFailure?) -> Bool {
        guard retryAllMethods || RetryPolicy.idempotentMethods.contains(method.uppercased()) else { return false }
        if let failure {
            switch failure {
            case .timeout, .transport: return true
            case .tooManyRedirects, .aborted, .badURL: return false
            }
        }
        return status.map { RetryPolicy.retryableStatuses.contains($0) } ?? false
    }

    /// The wait before retry number `attempt` (1-based): `Retry-After` when given, else full-jitter backoff.
    /// `random` returns a value in 0..<1 (injected for tests).
    public func delay(attempt: Int, retryAfter: Double?, random: () -> Double = { Double.random(in: 0..<1) })
        -> Double
    {
        if let retryAfter {
            let limit = maxTime ?? RetryPolicy.retryAfterCap
            return retryAfter.isNaN ? 0 : min(max(0, retryAfter), limit)
        }
        let ceiling = min(cap, base * pow(2, Double(attempt - 1)))
        return ceiling * random()
    }

    /// The one retry decision, shared by one-shot requests, pages and batch: the wait before retry `attempt`
    /// (1-based) of a request that got `head` (its `Retry-After` honoured) or failed with `failure`, `elapsed`
    /// seconds (monotonic) after its first try; nil when it is not retried.
    public func wait(
        beforeRetry attempt: Int, method: String, head: ResponseHead?, failure: TransferFailure?, elapsed: Double,
        random: () -> Double = { Double.random(in: 0..<1) }
    ) -> Double? {
        guard isRetryable(method: method, status: head?.status, failure: failure) else { return nil }
        let retryAfter =
            failure == nil ? head?.header("retry-after").flatMap { parseRetryAfter($0, now: currentTime()) } : nil
        let delay = delay(attempt: attempt, retryAfter: retryAfter, random: random)
        return allows(attempt: attempt, elapsed: elapsed, delay: delay) ? delay : nil
    }

    /// Whether retry `attempt` may start after waiting `delay`, given `elapsed` seconds since the first try.
    public func allows(attempt: Int, elapsed: Double, delay: Double) -> Bool {
        guard attempt <= maxRetries else { return false }
        if let maxTime { return elapsed + delay <= maxTime }
        return true
    }
}

/// Parses a `Retry-After` header: delay seconds (digits only, as RFC 9110 has them; a huge number saturates), or an
/// HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`) relative to `now` (seconds since 1970). Anything else (`1e20`,
/// `-1`, `inf`, a date with out-of-range fields) is ignored: nil. The caller caps the wait (`RetryPolicy.delay`).
public func parseRetryAfter(_ value: String, now: Double) -> Double? {
    let trimmed = value.trimmingCharacters(in: " \t")
    if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
        // Digits only: at most 1e9 seconds is kept (far above any cap), so no later arithmetic overflows.
        return trimmed.utf8.count > 9 ? 1e9 : Double(trimmed)
    }
    // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT".
    let parts = trimmed.split(separator: " ")
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), (1...31).contains(day),
        let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]), (1970...9999).contains(year)
    else { return nil }
    let clock = parts[4].split(separator: ":").compactMap { Int($0) }
    guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2])
    else { return nil }
    var time = tm()
    time.tm_year = Int32(year - 1900)
    time.tm_mon = Int32(month)
    time.tm_mday = Int32(day)
    time.tm_hour = Int32(clock[0])
    time.tm_min = Int32(clock[1])
    time.tm_sec = Int32(clock[2])
    let date = Double(timegm(&time))
    return max(0, date - now)
}

/// Sleeps for `seconds` (interrupted sleeps resume); at most a day, whatever is asked (no overflow, no endless
/// sleep).
public func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    let seconds = min(seconds, 86_400)
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}

/// Seconds since 1970, with sub-second precision: for dates (`Retry-After`) and progress display, never for
/// measuring a wait (see `monotonicSeconds`).
public func currentTime() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
