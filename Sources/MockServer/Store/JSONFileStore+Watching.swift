import NIOPosix

/// Picking up edits of the database file made while the server runs.
extension JSONFileStore {
    /// Looks at the file; reloads it when someone else changed it. Cheap when nothing changed (one `stat`).
    /// A call made while another is examining the file waits for that one.
    public func checkForExternalChange() async {
        if let running = checking { return await running.value }
        let task = Task { await self.examineFile() }
        checking = task
        await task.value
        checking = nil
    }

    func examineFile() async {
        guard savesInFlight == 0 else { return }
        let current = FileIdentity.of(path: file.path)
        guard current != examined else { return }
        examined = current
        guard current != nil else {
            markBroken("\(displayName): the file was removed; writes are refused until it is back")
            return
        }
        let savesBefore = saveCount
        let file = self.file
        let displayName = self.displayName
        let outcome: Result<LoadedDatabase, DatabaseFileError>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(DatabaseFileError) in try loadDatabase(file, displayName: displayName) }
            }
        } catch {
            return
        }
        // A save of ours finished meanwhile: what we read may be our own write; look again next time.
        guard savesInFlight == 0, saveCount == savesBefore else {
            examined = nil
            return
        }
        switch outcome {
        case .success(let loadedFile):
            let (loaded, loadedIdentity) = (loadedFile.database, loadedFile.identity)
            lastSavedText = [loadedFile.text]
            database = loaded
            identity = loadedIdentity
            ledger.reloaded(loadedIdentity)
            examined = loadedIdentity
            brokenReason = nil
            clearCaches()
            log("api: reloaded \(displayName) (\(loaded.summary))")
        case .failure(let error):
            markBroken(error.description)
        }
    }

    /// Calls `checkForExternalChange()` every `interval` until the task is cancelled.
    public nonisolated func watch(every interval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await checkForExternalChange()
        }
    }

    func markBroken(_ reason: String) {
        guard brokenReason != reason else { return }
        brokenReason = reason
        log(reason.hasPrefix("api:") ? reason : "api: \(reason)")
        log("api: serving the last valid data; writes answer 503 until \(displayName) is valid again")
    }
}
