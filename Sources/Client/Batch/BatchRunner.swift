import Curl
import JSON

/// Runs a batch of request specs over one libcurl multi handle: at most `parallel` transfers in flight over reused
/// connections (at most `parallel` per host, multiplexed on HTTP/2), starts spaced by `rate`, each request retried on
/// its own without holding up the others, and one NDJSON line per request written in input order as soon as every
/// earlier line is out.
///
/// ```swift
/// let runner = BatchRunner(options: options)
/// let status = runner.run(lines: try LineReader(path: "specs.ndjson")) { bytes in
///     stdout.write(bytes); stdout.flush(); return !stdout.failed
/// }
/// ```
/// With `failFast`, no request starts after the first one that fails (a bad spec line counts); requests already
/// started, including those waiting to retry, finish and are output; the input after that is neither read nor
/// output, so the output holds indexes 0 up to some N with no gaps.
///
/// Single-threaded and single-use: call `run` once.
public final class BatchRunner {
    public let options: BatchOptions
    /// Filled in by `run`, final when it returns.
    public private(set) var statistics = BatchStatistics()
    /// Called when a request will be tried again (for a line on stderr).
    public var onRetry: ((BatchRetryNotice) -> Void)?
    /// Holds the options' credentials back from spec URLs on other origins than the base URL's.
    public var credentialGuard: CredentialGuard?
    /// Called with one line (no `api:` prefix) when a redirect's next hop is sent without credentials.
    public var onNotice: ((String) -> Void)?
    private var noticed: Set<String> = []

    private let parallel: Int
    private let multi: MultiHandle
    private let writer = JSONWriter()
    private var idle: [BatchSlot] = []
    private var running: [ObjectIdentifier: BatchSlot] = [:]
    private var retries = DueQueue<BatchJob>()
    private var pacer: StartPacer
    private var output = InOrderOutput()
    private var worst = ExitStatus.success
    private var stopStarting = false
    /// Lines that may wait for an earlier, slow one before reading pauses (bounds memory).
    private let maxWaiting: Int

    public init(options: BatchOptions) {
        self.options = options
        parallel = max(1, options.parallel)
        multi = MultiHandle(maxHostConnections: parallel, multiplex: true)
        pacer = StartPacer(rate: options.rate)
        maxWaiting = max(1024, parallel * 64)
    }

    /// Total connections opened (the sum of `CURLINFO_NUM_CONNECTS`); same as `statistics.connectionsOpened`.
    public var connectionsOpened: Int { statistics.connectionsOpened }

    /// Runs every spec line of `lines` (blank lines are skipped; line numbers count them) and returns the batch's
    /// exit status: success when every request succeeded, else the worst outcome's by `ExitStatus.severity` (a bad
    /// spec line is `.usage`).
    ///
    /// - `total`: the number of requests when known beforehand, for `progress` only (else it is known at the end of
    ///   the input).
    /// - `output`: receives one or more complete NDJSON lines (each ending in `\n`) in input order, as soon as they
    ///   can go out; write and flush them. Return false when they can no longer be written: no new request starts.
    /// - `progress`: called about ten times a second while running, and once at the end.
    public func run<Lines: Sequence<String>>(
        lines: Lines, total: Int? = nil, output write: (UnsafeRawBufferPointer) -> Bool,
        progress: ((BatchProgress) -> Void)? = nil
    ) -> ExitStatus {
        let started = monotonicSeconds()
        var input = lines.makeIterator()
        let reader = lines as? LineReader
        /// The next line; without waiting for it (when the input is a `LineReader`) unless there is nothing else to do.
        func readLine(mayWait: Bool) -> LineAvailability {
            if let reader, !mayWait { return reader.nextIfReady() }
            return input.next().map { .line($0) } ?? .end
        }
        var inputEnded = false
        var inputPending = false
        var lineNumber = 0
        var nextIndex = 0
        var lastProgress = started

        while true {
            var now = monotonicSeconds()

            // Start what may start: retries that are due first (they hold back the output), then new lines.
            inputPending = false
            starting: while running.count < parallel, pacer.allows(now: now) {
                if let job = retries.popDue(now: now) {
                    start(job, now: now)
                } else if !inputEnded, !stopStarting, nextIndex - self.output.nextIndex < maxWaiting {
                    let mayWait = running.isEmpty && retries.isEmpty
                    if mayWait, !flushOutput(write) {
                        stopStarting = true
                        break
                    }
                    let line: String
                    switch readLine(mayWait: mayWait) {
                    case .line(let text):
                        line = text
                        if mayWait { now = monotonicSeconds() }  // the read may have waited
                    case .pending:
                        inputPending = true
                        break starting
                    case .end:
                        inputEnded = true
                        break starting
                    }
                    lineNumber += 1
                    guard !isBlank(line) else { continue }
                    let index = nextIndex
                    nextIndex += 1
                    do {
                        let spec = try BatchSpec.parse(line, lineNumber: lineNumber, baseURL: options.baseURL)
                        // The options' credentials go only to the base URL's origin (`CredentialGuard`).
                        var defaults = Request(
                            method: spec.method, url: spec.url, headers: options.defaultHeaders,
                            options: options.transfer)
                        if let credentialGuard { defaults = credentialGuard.apply(defaults) }
                        let request = spec.request(defaultHeaders: defaults.headers, options: defaults.options)
                        start(BatchJob(index: index, request: request), now: now)
                    } catch {
                        finish(index: index, outcome: .invalidSpec(error))
                    }
                } else {
                    break
                }
            }
            if !flushOutput(write) { stopStarting = true }

            let moreInput = !inputEnded && !stopStarting
            if running.isEmpty, retries.isEmpty, !moreInput { break }

            // Wait for a transfer to finish, or until the next start is due.
            // (With every slot busy only a finishing transfer can let something start.)
            var wakeAt = now + (progress == nil ? 1 : 0.1)
            if running.count < parallel {
                if let due = retries.earliestDue { wakeAt = min(wakeAt, max(due, pacer.earliestStart())) }
                if moreInput, nextIndex - self.output.nextIndex < maxWaiting {
                    wakeAt = min(wakeAt, pacer.earliestStart())
                    // The input has no line yet: look again soon (libcurl's poll does not watch it).
                    if inputPending { wakeAt = min(wakeAt, now + 0.01) }
                }
            }
            if running.isEmpty {
                sleep(seconds: wakeAt - now)
            } else {
                let milliseconds = Int32(max(0, min(1000, ((wakeAt - now) * 1000).rounded(.up))))
                for (handle, error) in multi.step(timeoutMilliseconds: milliseconds) {
                    guard let slot = running.removeValue(forKey: ObjectIdentifier(handle)) else { continue }
                    complete(slot, error: error)
                }
            }
            if !flushOutput(write) { stopStarting = true }

            now = monotonicSeconds()
            if let progress, now - lastProgress >= 0.1 {
                lastProgress = now
                progress(
                    BatchProgress(
                        done: self.output.nextIndex, total: total ?? (inputEnded ? nextIndex : nil),
                        elapsed: now - started))
            }
        }

        let finished = monotonicSeconds()
        statistics.elapsed = finished - started
        progress?(BatchProgress(done: self.output.nextIndex, total: total ?? nextIndex, elapsed: finished - started))
        return worst
    }

    // MARK: - Transfers

    private func start(_ job: BatchJob, now: Double) {
        var job = job.followingRedirectsByHand()
        if job.attempts == 0 { job.firstStart = now }
        job.attempts += 1
        pacer.recordStart(now: now)
        statistics.attempts += 1
        let slot = idle.popLast() ?? BatchSlot()  // at most `parallel` are ever made
        do {
            try slot.prepare(job)
        } catch {
            _ = slot.release()
            idle.append(slot)
            finish(
                index: job.index,
                outcome: .failed(TransferFailure(error, maxRedirects: job.request.options.maxRedirects)))
            return
        }
        running[ObjectIdentifier(slot.handle)] = slot
        multi.add(slot.handle)
    }

    /// A transfer ended: retry it, or output its line.
    private func complete(_ slot: BatchSlot, error: CurlError?) {
        defer { idle.append(slot) }
        guard let job = slot.release() else { return }
        let handle = slot.handle
        statistics.connectionsOpened += handle.connectsMade
        let request = job.request
        var failure = error.map { TransferFailure($0, maxRedirects: request.options.maxRedirects) }
        let head = slot.heads.last
        if failure == nil, head == nil { failure = .transport("no response received") }
        if failure == nil, let head, let credentialsOrigin = job.credentialsOrigin, RedirectHop.isRedirect(head),
            let next = handle.redirectURL
        {
            guard job.redirects < request.options.maxRedirects else {
                finish(index: job.index, outcome: .failed(.tooManyRedirects(request.options.maxRedirects)))
                return
            }
            let url: RequestURL
            do {
                url = try RequestURL(parsing: next)
            } catch {
                finish(index: job.index, outcome: .failed(.badURL("redirect to \(redacted(next)): \(error)")))
                return
            }
            let credentials = CredentialGuard(credentialsFor: credentialsOrigin, allowAnyOrigin: false) {
                [weak self] line in
                guard let self, self.noticed.insert(line).inserted else { return }
                self.onNotice?(line)
            }
            retries.add(job.nextHop(to: url, status: head.status, guard: credentials), due: monotonicSeconds())
            return
        }

        let succeeded = failure == nil && ExitStatus.forHTTPStatus(head?.status ?? 0) == .success
        let now = monotonicSeconds()
        if !succeeded,
            let delay = options.retry.wait(
                beforeRetry: job.attempts, method: request.method, head: head, failure: failure,
                elapsed: now - job.firstStart)
        {
            statistics.retries += 1
            let reason = head.map { "\($0.status) \($0.reason)" } ?? failure?.summary ?? "failed"
            onRetry?(
                BatchRetryNotice(
                    index: job.index, reason: reason, attempt: job.attempts, maxRetries: options.retry.maxRetries,
                    delay: delay))
            retries.add(job, due: now + delay)
            return
        }

        if let failure {
            finish(index: job.index, outcome: .failed(failure))
        } else if let head {
            let outcome = BatchOutcome.response(
                head: head, body: slot.body, seconds: handle.totalTime, query: options.query)
            finish(index: job.index, outcome: outcome)
        }
    }

    /// Records the outcome of request `index` and queues its line.
    private func finish(index: Int, outcome: BatchOutcome) {
        let status = outcome.exitStatus(okStatuses: options.okStatuses, ignoreStatus: options.ignoreStatus)
        statistics.requests += 1
        if status == .success {
            statistics.succeeded += 1
        } else {
            if status.severity > worst.severity { worst = status }
            if options.failFast { stopStarting = true }
        }
        let writer = self.writer
        output.complete(index) { outcome.write(index: index, with: writer, into: &$0) }
    }

    private func flushOutput(_ write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        output.takeReady(write) ?? true
    }
}

/// Whether a line holds nothing but spaces and tabs.
private func isBlank(_ line: String) -> Bool {
    line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
}
