/// Sends a request, retrying per the policy (one-shot requests and each page of `--paginate`; `api batch` makes
/// the same decision, `RetryPolicy.wait`, in its own event loop): a retried attempt's response never reaches the
/// sink, each retry is announced through `onRetry`, and the result is the last attempt's. Time is measured on the
/// monotonic clock, so a step of the wall clock cannot stretch or cut `--retry-max-time`.
public final class RetryingTransfer {
    public let policy: RetryPolicy
    public let transfer: Transfer
    /// Called before each wait: what failed (`503 Service Unavailable`, a transport failure's summary), the retry's
    /// 1-based number and the wait in seconds.
    public var onRetry: ((RetryNotice) -> Void)?
    /// Waits between attempts (injected by tests).
    public var wait: (Double) -> Void = { sleep(seconds: $0) }

    public init(policy: RetryPolicy, transfer: Transfer = Transfer()) {
        self.policy = policy
        self.transfer = transfer
    }

    public func perform(_ request: Request, into sink: any ResponseSink, progress: ((Int, Int) -> Void)? = nil)
        -> TransferResult
    {
        let started = monotonicSeconds()
        var attempt = 0
        while true {
            let next = attempt + 1
            // Decided when the head arrives, before any body byte: retry (and drop this body) or pass it on.
            var plannedDelay: Double?
            let gate = RetryGate(inner: sink) { [policy] head in
                plannedDelay = policy.wait(
                    beforeRetry: next, method: request.method, head: head, failure: nil,
                    elapsed: monotonicSeconds() - started)
                return plannedDelay != nil
            }
            let result = transfer.perform(request, into: gate, progress: progress)
            let reason: RetryNotice.Reason
            let delay: Double
            if let held = gate.held, let planned = plannedDelay {
                reason = .status(held.status, held.reason)
                delay = planned
            } else if let failure = result.failure, !gate.forwarded,
                let wait = policy.wait(
                    beforeRetry: next, method: request.method, head: nil, failure: failure,
                    elapsed: monotonicSeconds() - started)
            {
                reason = .failure(failure)
                delay = wait
            } else {
                return result
            }
            attempt = next
            onRetry?(RetryNotice(reason: reason, attempt: attempt, maxRetries: policy.maxRetries, delay: delay))
            wait(delay)
        }
    }
}

/// A retry about to be made, for a line on stderr: `503 Service Unavailable, retry 2/3 in 1.4s`.
public struct RetryNotice: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case status(Int, String)
        case failure(TransferFailure)
    }

    public var reason: Reason
    /// 1-based.
    public var attempt: Int
    public var maxRetries: Int
    /// Seconds until it starts.
    public var delay: Double

    /// The line, with `show` applied to text from the server (the reason phrase).
    public func line(showing show: (String) -> String = { $0 }) -> String {
        let what =
            switch reason {
            case .status(let status, let phrase): "\(status) \(show(phrase))"
            case .failure(let failure): failure.summary
            }
        let shown = (delay * 10).rounded() / 10
        return "\(what), retry \(attempt)/\(maxRetries) in \(shown)s"
    }
}
