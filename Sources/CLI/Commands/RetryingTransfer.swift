import Client

/// Sends a request, retrying per the policy: a retried attempt's response never reaches the sink, each retry is
/// reported on stderr (`api: 503 Service Unavailable, retry 2/3 in 1.4s`), and the result is the last attempt's.
struct RetryingTransfer {
    let policy: RetryPolicy
    let stderr: any OutputStream
    let transfer = Transfer()

    func perform(_ request: Request, into sink: any ResponseSink, progress: ((Int, Int) -> Void)? = nil)
        -> TransferResult
    {
        let started = currentTime()
        var attempt = 0
        while true {
            let next = attempt + 1
            // Decided when the head arrives, before any body byte: retry (and drop this body) or pass it on.
            var plannedDelay: Double?
            let gate = RetryGate(inner: sink) { head in
                guard policy.isRetryable(method: request.method, status: head.status, failure: nil) else {
                    return false
                }
                let retryAfter = head.header("retry-after").flatMap { parseRetryAfter($0, now: currentTime()) }
                let delay = policy.delay(attempt: next, retryAfter: retryAfter)
                guard policy.allows(attempt: next, elapsed: currentTime() - started, delay: delay) else { return false }
                plannedDelay = delay
                return true
            }
            let result = transfer.perform(request, into: gate, progress: progress)
            var reason: String
            var delay: Double
            if let held = gate.held, let planned = plannedDelay {
                reason = "\(held.status) \(visible(held.reason))"
                delay = planned
            } else if let failure = result.failure, !gate.forwarded,
                policy.isRetryable(method: request.method, status: nil, failure: failure)
            {
                reason = failure.summary
                delay = policy.delay(attempt: next, retryAfter: nil)
                guard policy.allows(attempt: next, elapsed: currentTime() - started, delay: delay) else {
                    return result
                }
            } else {
                return result
            }
            attempt = next
            let shown = (delay * 10).rounded() / 10
            stderr.write("api: \(reason), retry \(attempt)/\(policy.maxRetries) in \(shown)s\n")
            stderr.flush()
            sleep(seconds: delay)
        }
    }
}
