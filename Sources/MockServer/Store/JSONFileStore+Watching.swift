import NIOPosix

/// Picking up edits of the database file made while the server runs.
extension JSONFileStore {
    /// Looks at the file; reloads it when someone else changed it. Cheap when nothing changed (one `stat`).
    ///
    /// A valid edit becomes the data, with the journaled writes the file did not hold yet applied on top (so no
    /// acknowledged write is lost; where the edit and such a write touch the same item, the write wins), and the
    /// file is then rewritten with them. An invalid edit is never overwritten: writes answer 503 until it is fixed.
    public func checkForExternalChange() async {
        let start: (FileIdentity?, Int)? = locked {
            guard rewrite == nil else { return nil }
            let current = FileIdentity.of(path: file.path)
            guard current != examined else { return nil }
            examined = current
            return (current, rewriteCount)
        }
        guard let (current, rewritesBefore) = start else { return }
        guard current != nil else {
            locked { markBroken("\(self.displayName): the file was removed; writes are refused until it is back") }
            return
        }
        let (databaseFile, name, idField) = (self.file, self.displayName, self.idField)
        let outcome: Result<LoadedDatabase, DatabaseFileError>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(DatabaseFileError) in
                    try loadDatabase(databaseFile, displayName: name, idField: idField)
                }
            }
        } catch {
            return
        }
        locked {
            // A rewrite of ours ran meanwhile: what we read may be our own file; look again next time.
            guard rewrite == nil, rewriteCount == rewritesBefore else {
                examined = nil
                return
            }
            switch outcome {
            case .success(let loaded):
                var data = loaded.database
                for (_, record) in unsaved { data.apply(record) }
                database = data
                startingDatabase = data
                identity = loaded.identity
                examined = loaded.identity
                if journal?.failed == nil { brokenReason = nil }
                let replayed = unsaved.isEmpty ? "" : "; \(unsaved.count) journaled writes it did not hold re-applied"
                log("api: reloaded \(displayName) (\(data.summary))\(replayed)")
                if !unsaved.isEmpty {
                    firstUnsaved = .now
                    scheduleRewrite()
                }
            case .failure(let error):
                markBroken(error.description)
            }
        }
    }

    /// Calls `checkForExternalChange()` every `interval` until the task is cancelled.
    public func watch(every interval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            await checkForExternalChange()
        }
    }

    /// Holding the lock.
    func markBroken(_ reason: String) {
        guard brokenReason != reason else { return }
        brokenReason = reason
        log(reason.hasPrefix("api:") ? reason : "api: \(reason)")
        log("api: serving the last valid data; writes answer 503 until \(displayName) is valid again")
    }
}
