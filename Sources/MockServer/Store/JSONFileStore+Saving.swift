/// Group commit: writes wait for a save that holds them; saves are crash-safe and in order.
extension JSONFileStore {
    func ensureWritable() throws(StoreError) {
        if let readOnlyReason { throw StoreError.unavailable(readOnlyReason) }
        if let brokenReason { throw StoreError.unavailable(brokenReason) }
    }

    func check(_ condition: ETagCondition?, _ representation: Representation) throws(StoreError) {
        if let condition, !condition.allows(representation.etag) {
            throw StoreError.preconditionFailed(currentETag: representation.etag)
        }
    }

    /// Waits until the save that includes the change just made is on disk.
    func commit() async throws(StoreError) {
        changes += 1
        let mine = changes
        let failure = await withCheckedContinuation { continuation in
            waiters.append(Waiter(change: mine, continuation: continuation))
            startSaves()
        }
        if let failure { throw failure }
    }

    /// Starts saves while fewer than `maxSavesInFlight` are under way and some change is in none of them.
    ///
    /// Saves overlap: each writes and fsyncs its own temporary file, then renames it over the database file
    /// strictly after the save before it did, checking with the `SaveLedger` that no earlier save failed and that
    /// the file is still the one the previous save left. The rename chain does not wait for this actor; the answers
    /// to the writes (`finishSave`) are given in save order.
    func startSaves() {
        while savesInFlight < Self.maxSavesInFlight, changes > scheduledChanges {
            let target = changes
            scheduledChanges = target
            savesInFlight += 1
            let chunks = fileChunks()
            let generation = self.generation
            let previous = lastSave
            let temporary = file.temporaryPath(slot: saveSequence % Self.maxSavesInFlight)
            saveSequence += 1
            let file = self.file
            let ledger = self.ledger
            let installed = Task.detached { () -> SaveOutcome in
                let written = await SaveThreads.run { () throws(FileError) in
                    try file.writeTemporary(chunks, at: temporary)
                }
                _ = await previous?.value
                return await SaveThreads.run { () -> SaveOutcome in
                    ledger.install(temporary, written: written, into: file, generation: generation)
                }.get()
            }
            lastSave = installed
            let previousFinish = lastFinish
            lastFinish = Task {
                let outcome = await installed.value
                await previousFinish?.value
                self.finishSave(target: target, text: chunks, outcome: outcome)
            }
        }
    }

    /// Answers the writes a save held, once its rename is done (or it failed, or was abandoned).
    func finishSave(target: Int, text: [[UInt8]], outcome: SaveOutcome) {
        savesInFlight -= 1
        saveCount += 1
        defer { startSaves() }
        switch outcome {
        case .abandoned:
            return
        case .saved(let newIdentity):
            identity = newIdentity
            examined = newIdentity
            lastSavedText = text
            savedChanges = max(savedChanges, target)
            let done = waiters.filter { $0.change <= target }
            waiters.removeAll { $0.change <= target }
            for waiter in done { waiter.continuation.resume(returning: nil) }
        case .changedOnDisk, .failed:
            let error: StoreError
            if case .failed(let fileError) = outcome {
                error = .saveFailed(fileError.description)
                log("api: \(fileError); unsaved writes were not applied")
            } else {
                error = .unavailable("\(displayName) was changed on disk; the write was not applied")
                log("api: \(displayName) was changed on disk by someone else; unsaved writes were not applied")
            }
            // Saves started before this answer hold changes that are being dropped: the ledger abandons them.
            generation += 1
            changes = savedChanges
            scheduledChanges = savedChanges
            let failed = waiters
            waiters = []
            for waiter in failed { waiter.continuation.resume(returning: error) }
            if case .changedOnDisk = outcome { recover(fileChanged: true) } else { recover(fileChanged: false) }
        }
    }

    /// After a failed save, memory holds writes that were answered with an error: put it back to the text of the
    /// last save (or load). A file changed on disk is then looked at by `checkForExternalChange`.
    func recover(fileChanged: Bool) {
        clearCaches()
        do {
            database = try parseDatabase(Array(lastSavedText.joined()), displayName: displayName)
        } catch {
            preconditionFailure("the text of the last save does not parse: \(error)")
        }
        if fileChanged { Task { await self.checkForExternalChange() } }
    }
}
