import JSON
import NIOConcurrencyHelpers
import NIOPosix

/// The database as a JSON file, held in memory, with a journal beside it.
///
/// - Reads are answered from memory: each item is kept once, as its pretty JSON text (`StoredItem`), with an id
///   index and typed columns for the fields queries use (`FieldColumns`).
/// - A write changes memory and queues its record on the journal (`db.json.journal`); it is acknowledged once the
///   record is fdatasynced. Writes that arrive during a sync go in the next one (group commit, `Journal`).
/// - The file is rewritten from memory in the background (`FileImage`): soon after writes go quiet, and at the
///   latest a few rewrite times after the first write it does not hold; always at a clean stop. The journal's
///   records are dropped only once the rewritten file is durably in place.
/// - On start, a journal left by a crash is replayed onto the file before anything is served.
/// - `checkForExternalChange()` picks up hand edits. A valid edit replaces the data, with the journaled writes the
///   file did not hold yet replayed onto it; an invalid one leaves the last good data served, and writes are
///   refused (`StoreError.unavailable`) until the file is valid again, so the edit is never overwritten.
public final class JSONFileStore: Store, ImmediateReads, @unchecked Sendable {
    /// The file rewrites replace: the path given, or the target of the link it is.
    public let file: DurableFile
    /// The path as the user gave it, for messages.
    public let displayName: String
    /// Why the file cannot be saved (`db.json is read-only`), found at start; nil when it can. Writes are then
    /// refused (the server runs as with `--read-only`).
    public let readOnlyReason: String?
    /// The member that is an item's id: `id`, or `--id FIELD` (`_id`).
    public let idField: String
    public var isWritable: Bool { readOnlyReason == nil }
    let log: @Sendable (String) -> Void
    /// nil when the file is read-only.
    let journal: Journal?

    /// Guards every `var` below.
    let lock = NIOLock()
    var database: Database
    /// The data as loaded at start (after the journal's replay), or after the last valid hand edit.
    var startingDatabase: Database
    /// The file as we last loaded or wrote it. A rewrite refuses to replace a file that differs.
    var identity: FileIdentity?
    /// The file as the watcher last examined it, valid or not.
    var examined: FileIdentity?
    /// Set while writes are refused: the file on disk is invalid, or the journal could not be written.
    var brokenReason: String?
    /// Journaled writes the file does not hold yet, with their journal tickets.
    var unsaved: [(ticket: Int, record: JournalRecord)] = []
    var firstUnsaved: ContinuousClock.Instant?
    var lastChange: ContinuousClock.Instant?
    /// The rewrite under way, if any.
    var rewrite: Task<Void, Never>?
    var rewriteScheduled = false
    /// How many rewrites finished; tests and the watcher read it.
    public internal(set) var rewriteCount = 0
    var lastRewriteDuration = Duration.zero
    /// Rewrites that failed in a row (the next one waits longer).
    var failedRewrites = 0
    /// How many fast-path answers were given (tests read it).
    let immediateHits = NIOLockedValueBox(0)

    /// Opens the file at `path`, creating it as `{}` when missing, and replays a journal a crash left. Throws when
    /// the file is not a JSON object, or the journal cannot be read.
    ///
    /// A path that is a symbolic link is written through to its target (see `resolvingLink`). Temporary files
    /// of rewrites that an earlier run left behind (killed during a rewrite) are removed. A file we may not replace
    /// is served without saving: `readOnlyReason` says why, and writes are refused.
    public init(path: String, idField: String = "id", log: @escaping @Sendable (String) -> Void = { _ in })
        throws(DatabaseFileError)
    {
        do {
            _ = try DurableFile(path: path).createIfMissing(with: Array("{}\n".utf8))
        } catch {
            throw DatabaseFileError(path: path, message: "cannot create the file: \(error)")
        }
        let file = DurableFile(path: resolvingLink(path))
        let loaded = try loadDatabase(file, displayName: path, idField: idField)
        var database = loaded.database
        var identity = loaded.identity
        let journalFile = JournalFile(forDatabase: file.path)
        for name in file.removeStaleTemporaryFiles() + DurableFile(path: journalFile.path).removeStaleTemporaryFiles() {
            log("api: removed \(name), a temporary file left by an earlier run that stopped during a save")
        }
        let readOnlyReason = file.readOnlyReason(displayName: path)
        let contents: JournalFile.Contents
        do {
            contents = try journalFile.read()
        } catch {
            throw DatabaseFileError(path: path, message: "cannot read its journal: \(error)")
        }
        for record in contents.records { database.apply(record) }
        if !contents.records.isEmpty || contents.tornBytes > 0 {
            let name = journalFile.path.split(separator: "/").last.map(String.init) ?? journalFile.path
            if !contents.records.isEmpty {
                let writes = contents.records.count == 1 ? "1 write" : "\(contents.records.count) writes"
                log("api: recovered \(writes) from \(name) that \(path) did not hold yet (the last run stopped first)")
            }
            if contents.tornBytes > 0 {
                log("api: ignored the torn end of \(name) (\(contents.tornBytes) bytes of a write never acknowledged)")
            }
            if readOnlyReason == nil {
                do throws(FileError) {
                    identity = try FileImage(database).replace(file, expecting: identity) ?? identity
                    _ = try journalFile.dropPrefix(Int.max)
                } catch {
                    throw DatabaseFileError(path: path, message: "cannot save the recovered writes: \(error)")
                }
            }
        }
        self.readOnlyReason = readOnlyReason
        self.idField = idField
        self.journal = readOnlyReason == nil ? Journal(journalFile, mode: file.mode) : nil
        self.file = file
        self.displayName = path
        self.log = log
        self.database = database
        self.startingDatabase = database
        self.identity = identity
        self.examined = identity
        // Until the first rewrite is timed, assume one takes as long as copying the file at about 200 MB/s: a
        // large file is then not rewritten a quarter of a second into the first burst of writes.
        self.lastRewriteDuration = .milliseconds(Int(loaded.identity.size / 200_000))
    }

    /// Runs `body` holding the lock.
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public var immediateReads: (any ImmediateReads)? { self }

    // MARK: Reads

    public func resources() -> [ResourceSummary] {
        locked {
            database.names.map { ResourceSummary(name: $0, count: database.collection($0)?.count) }
        }
    }

    public func document(_ name: String) -> StoredItem? {
        locked {
            guard case .document(let value)? = database[name] else { return nil }
            return StoredItem(value)
        }
    }

    public func item(in name: String, id: String) -> StoredItem? {
        locked { database.collection(name)?.item(withID: id) }
    }

    public func query(_ name: String, _ query: CollectionQuery) throws(StoreError) -> QueryAnswer {
        // Columns for the query's fields are built under the lock (once per field; then kept in step with
        // writes), the query itself runs on a copy.
        let snapshot = try locked { () throws(StoreError) -> Database in
            guard database.collection(name) != nil else {
                throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
            }
            database.buildColumns(in: name, query.columnPaths)
            return database
        }
        do {
            return try query.run(on: snapshot.collection(name)!, resource: name, database: snapshot)
        } catch {
            throw StoreError.badRequest(error.message)
        }
    }

    public func item(in name: String, id: String, embedding embeds: [String], foreignKeySuffix: String)
        throws(StoreError) -> StoredItem?
    {
        let snapshot = locked { database }
        guard let item = snapshot.collection(name)?.item(withID: id) else { return nil }
        var resolved: [Embed] = []
        for embedName in embeds {
            do {
                resolved.append(try Embed.resolve(embedName, for: name, in: snapshot, suffix: foreignKeySuffix))
            } catch {
                throw StoreError.badRequest(error.message)
            }
        }
        return StoredItem(embed(resolved, into: [item.value], from: snapshot)[0], idField: idField)
    }

    public func wholeDatabase() -> JSONValue { locked { database }.jsonValue }

    /// Whether writes are being refused because the file on disk is invalid, and why.
    public var unavailableReason: String? { locked { brokenReason } }

    public func startingData() -> Database { locked { startingDatabase } }

    /// The data as it is now (tests, and the start-up summary).
    public func snapshot() -> Database { locked { database } }
}

extension JSONFileStore {
    /// For tests: how many `GET /NAME/ID` the event-loop fast path answered.
    public var fastPathHits: Int { immediateHits.withLockedValue { $0 } }
}
