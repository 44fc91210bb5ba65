import NIOPosix

/// Rewriting the database file from memory, off the write path.
extension JSONFileStore {
    /// A rewrite starts once writes have been quiet this long...
    static let quietPeriod = Duration.milliseconds(50)
    /// ...or, while they go on, this long after the first write the file does not hold (or four times the last
    /// rewrite's duration, when that is longer: a large file is then rewritten at most a fifth of the time).
    static let longestDelay = Duration.milliseconds(250)

    /// Holding the lock: makes sure a task will rewrite the file when it is due.
    func scheduleRewrite() {
        guard !rewriteScheduled else { return }
        rewriteScheduled = true
        Task.detached { await self.rewriteWhenDue() }
    }

    private func rewriteWhenDue() async {
        while true {
            do { try await Task.sleep(for: Self.quietPeriod) } catch {}
            let due: Bool? = locked {
                guard !unsaved.isEmpty, brokenReason == nil, let firstUnsaved, let lastChange else {
                    rewriteScheduled = false
                    return nil
                }
                let now = ContinuousClock.now
                // After failed rewrites, wait longer each time (up to about a minute) instead of retrying at once.
                let backoff = Self.longestDelay * (1 << min(failedRewrites, 8))
                let delay = max(failedRewrites > 0 ? backoff : Self.longestDelay, lastRewriteDuration * 4)
                return rewrite == nil && (now - lastChange >= Self.quietPeriod || now - firstUnsaved >= delay)
            }
            guard let due else { return }
            if due { _ = await rewriteNow() }
        }
    }

    /// Rewrites the file now from a copy of memory and drops the journal records it holds. False when it could
    /// not (the file changed on disk, or the write failed); the journal then keeps the records.
    @discardableResult
    func rewriteNow() async -> Bool {
        guard let journal else { return false }
        let started: (Task<Void, Never>, Result)? = locked {
            guard rewrite == nil, brokenReason == nil, let lastTicket = unsaved.last?.ticket else { return nil }
            let plan = Plan(
                image: FileImage(database), journalOffset: journal.syncedLength, upTo: lastTicket, expected: identity)
            let result = Result()
            let task = Task { await self.perform(plan, result) }
            rewrite = task
            return (task, result)
        }
        guard let (task, result) = started else { return false }
        await task.value
        return result.succeeded
    }

    /// What one rewrite writes: a copy of the data, the journal length it covers, the last ticket it holds.
    private struct Plan: Sendable {
        let image: FileImage
        let journalOffset: Int
        let upTo: Int
        let expected: FileIdentity?
    }

    private final class Result: @unchecked Sendable {
        var succeeded = false
    }

    private func perform(_ plan: Plan, _ result: Result) async {
        let start = ContinuousClock.now
        let file = self.file
        let outcome: Swift.Result<FileIdentity?, FileError>
        do {
            outcome = try await RewriteThread.run {
                Swift.Result { () throws(FileError) in try plan.image.replace(file, expecting: plan.expected) }
            }
        } catch {
            outcome = .failure(FileError(path: file.path, action: "rewrite (the server is stopping)", code: 0))
        }
        var dropFailure: FileError?
        if case .success(.some) = outcome { dropFailure = await journal!.dropPrefix(plan.journalOffset) }
        let changedOnDisk: Bool = locked {
            defer { rewrite = nil }
            switch outcome {
            case .success(let newIdentity?):
                identity = newIdentity
                examined = newIdentity
                unsaved.removeAll { $0.ticket <= plan.upTo }
                firstUnsaved = unsaved.isEmpty ? nil : ContinuousClock.now
                rewriteCount += 1
                failedRewrites = 0
                lastRewriteDuration = start.duration(to: .now)
                result.succeeded = true
                if let dropFailure { log("api: \(dropFailure); the journal keeps records the file already holds") }
                return false
            case .success(nil):
                return true
            case .failure(let error):
                if failedRewrites == 0 {
                    log("api: \(error); the writes stay in the journal and the rewrite is tried again")
                }
                failedRewrites += 1
                firstUnsaved = ContinuousClock.now
                return false
            }
        }
        if changedOnDisk { await checkForExternalChange() }
    }
}
