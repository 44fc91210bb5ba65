import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The database as a JSON file, held in memory.
///
/// - Reads are answered from memory; each item's pretty JSON is serialized once per change and cached.
/// - Writes change memory, then wait for a save. A save writes the whole file crash-safely (see
///   `DurableFile.replace`); writes that arrive while a save is under way are saved together by the next one
///   (group commit), and each write returns only when the save that holds it is on disk.
/// - A save that fails, or that finds the file changed on disk, puts memory back to the last saved state and
///   fails every write not yet saved: a write answered with an error is never applied.
/// - `checkForExternalChange()` picks up hand edits. A valid edit replaces the data; an invalid one leaves the
///   last good data served, and writes are refused (`StoreError.unavailable`) until the file is valid again, so
///   the edit is never overwritten.
public actor JSONFileStore: Store {
    /// The file saves replace: the path given, or the target of the link it is.
    public nonisolated let file: DurableFile
    /// The path as the user gave it, for messages.
    public nonisolated let displayName: String
    /// Why the file cannot be saved (`db.json is read-only`), found at start; nil when it can. Writes are then
    /// refused (the server runs as with `--read-only`).
    public nonisolated let readOnlyReason: String?
    public nonisolated var isWritable: Bool { readOnlyReason == nil }
    /// Serialized items for readers that do not wait for the store (kept in step with `itemCache`).
    public nonisolated let publishedItems: PublishedItems? = PublishedItems()
    nonisolated var published: PublishedItems { publishedItems! }
    let log: @Sendable (String) -> Void

    var database: Database
    /// The file as we last loaded or saved it. A save refuses to replace a file that differs.
    var identity: FileIdentity?
    /// The file as the watcher last examined it, valid or not.
    var examined: FileIdentity?
    /// Set while the file on disk is not valid: the message, with line and column.
    var brokenReason: String?
    /// The examination of the file under way, if any.
    var checking: Task<Void, Never>?

    var itemCache: [String: [String: CachedItem]] = [:]
    var resourceCache: [String: Representation] = [:]
    var segmentCache: [String: FileSegment] = [:]
    /// The file's text as last saved or loaded (chunks shared with the segment cache): what memory goes back to
    /// when a save fails.
    var lastSavedText: [[UInt8]]

    /// Changes made in memory, changes included in a save already started, changes on disk.
    var changes = 0
    var scheduledChanges = 0
    var savedChanges = 0
    var savesInFlight = 0
    var saveSequence = 0
    /// Bumped when a save fails: saves started before are abandoned by the ledger.
    var generation = 0
    /// The rename phase of the most recent save; the next save renames only after it.
    var lastSave: Task<SaveOutcome, Never>?
    /// The answer phase of the most recent save; answers are given in save order.
    var lastFinish: Task<Void, Never>?
    /// What the rename chain knows: the file's identity after the last rename, and the failure generation.
    let ledger: SaveLedger
    /// How many saves may overlap. Every save rewrites the whole file, so the kernel's copying dominates: measured
    /// with 64 clients creating items in a 10,000-item file, one save at a time (the largest groups) was fastest
    /// (about 6,000 durable creates/s, against 5,200 with two and 4,100 with three on the same 2-core machine).
    static let maxSavesInFlight = 1
    var waiters: [Waiter] = []
    /// How many saves have finished (successful or not); tests read it to check grouping.
    var saveCount = 0

    struct Waiter {
        let change: Int
        let continuation: CheckedContinuation<StoreError?, Never>
    }

    /// An item's response bytes and its bytes as nested in the file (4 spaces deeper).
    struct CachedItem {
        let representation: Representation
        let fileBytes: [UInt8]
    }

    /// Opens the file at `path`, creating it as `{}` when missing. Throws when it is not a JSON object.
    ///
    /// A path that is a symbolic link is written through to its target (see `resolvingLink`). Temporary files
    /// of saves that an earlier run left behind (killed during a save) are removed. A file we may not replace is
    /// served without saving: `readOnlyReason` says why, and writes are refused.
    public init(path: String, log: @escaping @Sendable (String) -> Void = { _ in }) throws(DatabaseFileError) {
        do {
            _ = try DurableFile(path: path).createIfMissing(with: Array("{}\n".utf8))
        } catch {
            throw DatabaseFileError(path: path, message: "cannot create the file: \(error)")
        }
        let file = DurableFile(path: resolvingLink(path))
        let loaded = try loadDatabase(file, displayName: path)
        let (database, identity) = (loaded.database, loaded.identity)
        for name in file.removeStaleTemporaryFiles() {
            log("api: removed \(name), a temporary file left by an earlier run that stopped during a save")
        }
        self.readOnlyReason = file.readOnlyReason(displayName: path)
        self.lastSavedText = [loaded.text]
        self.file = file
        self.displayName = path
        self.log = log
        self.database = database
        self.identity = identity
        self.examined = identity
        self.ledger = SaveLedger(identity: identity)
    }

    // MARK: Reads

    public func snapshot() -> Database { database }

    public func item(in name: String, id: String) -> Representation? {
        guard let collection = database.collection(name), let position = collection.position(ofID: id) else {
            return nil
        }
        return cachedItem(name, id: id, value: collection.items[position]).representation
    }

    public func resource(_ name: String) -> Representation? {
        if let cached = resourceCache[name] { return cached }
        let representation: Representation
        switch database[name] {
        case .collection(let collection)?:
            representation = Representation(bytes: collectionBytes(name, collection), count: collection.count)
        case .document(let value)?:
            representation = Representation(bytes: prettyBytes(value))
        case nil:
            return nil
        }
        resourceCache[name] = representation
        return representation
    }

    /// Whether writes are being refused because the file on disk is invalid, and why.
    public var unavailableReason: String? { brokenReason }

    // MARK: Writes

    public func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: Representation)
    {
        try ensureWritable()
        if database[name] == nil {
            guard createCollection else { throw StoreError.notFound }
            database[name] = .collection(ItemCollection())
        }
        guard database.collection(name) != nil else { throw StoreError.wrongKind(name) }
        let (key, value) = try database.modifyCollection(name) { (collection) throws(StoreError) in
            var object = item
            var key: String
            if let given = item["id"], given != .null {
                guard let givenKey = idKey(given) else {
                    throw StoreError.badRequest("id must be a string or a number, not \(given.typeName)")
                }
                guard collection.position(ofID: givenKey) == nil else { throw StoreError.duplicateID(givenKey) }
                key = givenKey
            } else {
                let id = collection.newID()
                key = idKey(id)!
                object = JSONObject()
                object["id"] = id
                for (member, value) in item where member != "id" { object[member] = value }
            }
            collection.append(.object(object))
            return (key, JSONValue.object(object))
        }
        let entry = cachedItem(name, id: key, value: value)
        appended(name, fileBytes: entry.fileBytes)
        try await commit()
        return (key, entry.representation)
    }

    public func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> Representation
    {
        try ensureWritable()
        guard let collection = database.collection(name) else {
            throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
        }
        guard let position = collection.position(ofID: id), case .object(let current) = collection.items[position]
        else { throw StoreError.notFound }
        if let ifMatch {
            try check(ifMatch, cachedItem(name, id: id, value: collection.items[position]).representation)
        }
        let currentID = current["id"]!
        var updated: JSONObject
        switch mode {
        case .replace:
            updated = JSONObject()
            if body["id"] == nil { updated["id"] = currentID }
            for (member, value) in body { updated[member] = member == "id" ? currentID : value }
        case .merge:
            updated = current
            for (member, value) in body where member != "id" { updated[member] = value }
        }
        let value = JSONValue.object(updated)
        try database.modifyCollection(name) { (collection) throws(StoreError) in
            collection.replace(at: position, with: value)
        }
        changed(name, item: id)
        let entry = cachedItem(name, id: id, value: value)
        try await commit()
        return entry.representation
    }

    public func delete(in name: String, id: String, dependents: [String], ifMatch: ETagCondition?)
        async throws(StoreError) -> Representation
    {
        try ensureWritable()
        guard let collection = database.collection(name) else {
            throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
        }
        guard let position = collection.position(ofID: id) else { throw StoreError.notFound }
        for dependent in dependents where database.collection(dependent) == nil {
            throw StoreError.badRequest("_dependent: there is no collection '\(dependent)'")
        }
        let representation = cachedItem(name, id: id, value: collection.items[position]).representation
        try check(ifMatch, representation)
        try database.modifyCollection(name) { (collection) throws(StoreError) in
            collection.remove(at: position)
        }
        changed(name, item: id)
        let foreignKey = foreignKey(for: name)
        for dependent in dependents {
            let removed = try database.modifyCollection(dependent) { (children) throws(StoreError) in
                children.removeAll { $0[foreignKey].flatMap(idKey) == id }
            }
            if removed > 0 { changed(dependent, allItems: true) }
        }
        try await commit()
        return representation
    }

    public func updateDocument(_ name: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> Representation
    {
        try ensureWritable()
        guard case .document(let current)? = database[name] else {
            throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
        }
        if let ifMatch, let representation = resource(name) { try check(ifMatch, representation) }
        var updated = body
        if mode == .merge, case .object(let existing) = current {
            updated = existing
            for (member, value) in body { updated[member] = value }
        }
        database[name] = .document(.object(updated))
        changed(name)
        let representation = resource(name)!
        try await commit()
        return representation
    }

    public func flush() async {
        guard changes > savedChanges else { return }
        _ = await withCheckedContinuation { continuation in
            waiters.append(Waiter(change: changes, continuation: continuation))
            startSaves()
        }
    }

    /// Serializes every item ahead of time, a slice at a time so requests interleave: the first read of an item
    /// can then be answered by the fast path, and the first save does not have to serialize the whole file.
    public func warmUp() async {
        for name in database.names {
            if let count = database.collection(name)?.count {
                itemCache[name, default: [:]].reserveCapacity(count)
                published.reserveCapacity(count, in: name)
            }
            var position = 0
            while let collection = database.collection(name), position < collection.count {
                let end = min(position + 512, collection.count)
                for index in position..<end {
                    let item = collection.items[index]
                    if let key = ItemCollection.key(of: item), collection.position(ofID: key) == index {
                        _ = cachedItem(name, id: key, value: item)
                    }
                }
                position = end
                await Task.yield()
                if Task.isCancelled { return }
            }
        }
    }
}
