import JSON
import NIOCore
import NIOPosix

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
    public nonisolated let file: DurableFile
    /// The path as the user gave it, for messages.
    public nonisolated let displayName: String
    /// Serialized items for readers that do not wait for the store (kept in step with `itemCache`).
    public nonisolated let publishedItems: PublishedItems? = PublishedItems()
    private nonisolated var published: PublishedItems { publishedItems! }
    private let log: @Sendable (String) -> Void

    private var database: Database
    /// The data as last saved or loaded: what memory returns to when a save fails.
    private var lastSaved: Database
    /// The file as we last loaded or saved it. A save refuses to replace a file that differs.
    private var identity: FileIdentity?
    /// The file as the watcher last examined it, valid or not.
    private var examined: FileIdentity?
    /// Set while the file on disk is not valid: the message, with line and column.
    private var brokenReason: String?
    /// The examination of the file under way, if any.
    private var checking: Task<Void, Never>?

    private var itemCache: [String: [String: CachedItem]] = [:]
    private var resourceCache: [String: Representation] = [:]
    private var segmentCache: [String: [UInt8]] = [:]

    private var changes = 0
    private var savedChanges = 0
    private var saving = false
    private var waiters: [Waiter] = []
    /// How many saves have finished (successful or not); tests read it to check grouping.
    private(set) var saveCount = 0

    private struct Waiter {
        let change: Int
        let continuation: CheckedContinuation<StoreError?, Never>
    }

    /// An item's response bytes and its bytes as nested in the file (4 spaces deeper).
    private struct CachedItem {
        let representation: Representation
        let fileBytes: [UInt8]
    }

    /// Opens the file at `path`, creating it as `{}` when missing. Throws when it is not a JSON object.
    public init(path: String, log: @escaping @Sendable (String) -> Void = { _ in }) throws(DatabaseFileError) {
        let file = DurableFile(path: path)
        do {
            _ = try file.createIfMissing(with: Array("{}\n".utf8))
        } catch {
            throw DatabaseFileError(path: path, message: "cannot create the file: \(error)")
        }
        let (database, identity) = try loadDatabase(file, displayName: path)
        self.file = file
        self.displayName = path
        self.log = log
        self.database = database
        self.lastSaved = database
        self.identity = identity
        self.examined = identity
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
            startSaveIfIdle()
        }
    }

    // MARK: Watching the file

    /// Looks at the file; reloads it when someone else changed it. Cheap when nothing changed (one `stat`).
    /// A call made while another is examining the file waits for that one.
    public func checkForExternalChange() async {
        if let running = checking { return await running.value }
        let task = Task { await self.examineFile() }
        checking = task
        await task.value
        checking = nil
    }

    private func examineFile() async {
        guard !saving else { return }
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
        let outcome: Result<(Database, FileIdentity), DatabaseFileError>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(DatabaseFileError) in try loadDatabase(file, displayName: displayName) }
            }
        } catch {
            return
        }
        // A save of ours finished meanwhile: what we read may be our own write; look again next time.
        guard !saving, saveCount == savesBefore else {
            examined = nil
            return
        }
        switch outcome {
        case .success(let (loaded, loadedIdentity)):
            database = loaded
            lastSaved = loaded
            identity = loadedIdentity
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

    private func markBroken(_ reason: String) {
        guard brokenReason != reason else { return }
        brokenReason = reason
        log(reason.hasPrefix("api:") ? reason : "api: \(reason)")
        log("api: serving the last valid data; writes answer 503 until \(displayName) is valid again")
    }

    // MARK: Group commit

    private func ensureWritable() throws(StoreError) {
        if let brokenReason { throw StoreError.unavailable(brokenReason) }
    }

    private func check(_ condition: ETagCondition?, _ representation: Representation) throws(StoreError) {
        if let condition, !condition.allows(representation.etag) {
            throw StoreError.preconditionFailed(currentETag: representation.etag)
        }
    }

    /// Waits until the save that includes the change just made is on disk.
    private func commit() async throws(StoreError) {
        changes += 1
        let mine = changes
        let failure = await withCheckedContinuation { continuation in
            waiters.append(Waiter(change: mine, continuation: continuation))
            startSaveIfIdle()
        }
        if let failure { throw failure }
    }

    private func startSaveIfIdle() {
        guard !saving, changes > savedChanges else { return }
        saving = true
        let target = changes
        let bytes = fileBytes()
        let snapshot = database
        let expected = identity
        let file = self.file
        Task {
            let outcome = await Self.save(bytes, to: file, expecting: expected)
            self.finishSave(target: target, snapshot: snapshot, outcome: outcome)
        }
    }

    private enum SaveFailure: Error {
        case changedOnDisk
        case failed(FileError)
    }

    private static func save(_ bytes: [UInt8], to file: DurableFile, expecting expected: FileIdentity?) async
        -> Result<FileIdentity, SaveFailure>
    {
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(SaveFailure) in
                    guard FileIdentity.of(path: file.path) == expected else { throw SaveFailure.changedOnDisk }
                    do throws(FileError) {
                        return try file.replace(with: bytes)
                    } catch {
                        throw SaveFailure.failed(error)
                    }
                }
            }
        } catch {
            return .failure(
                .failed(FileError(path: file.path, action: "save (the I/O thread pool is stopped)", code: 0)))
        }
    }

    private func finishSave(target: Int, snapshot: Database, outcome: Result<FileIdentity, SaveFailure>) {
        saving = false
        saveCount += 1
        switch outcome {
        case .success(let newIdentity):
            identity = newIdentity
            examined = newIdentity
            savedChanges = target
            lastSaved = snapshot
            let done = waiters.filter { $0.change <= target }
            waiters.removeAll { $0.change <= target }
            for waiter in done { waiter.continuation.resume(returning: nil) }
            startSaveIfIdle()
        case .failure(let failure):
            let error: StoreError
            switch failure {
            case .changedOnDisk:
                error = .unavailable("\(displayName) was changed on disk; the write was not applied")
                log("api: \(displayName) was changed on disk by someone else; unsaved writes were not applied")
            case .failed(let fileError):
                error = .saveFailed(fileError.description)
                log("api: \(fileError); unsaved writes were not applied")
            }
            database = lastSaved
            changes = savedChanges
            clearCaches()
            let failed = waiters
            waiters = []
            for waiter in failed { waiter.continuation.resume(returning: error) }
            if case .changedOnDisk = failure { Task { await self.checkForExternalChange() } }
        }
    }

    // MARK: Caches and file bytes

    private func changed(_ name: String, item id: String? = nil, allItems: Bool = false) {
        resourceCache[name] = nil
        segmentCache[name] = nil
        if allItems {
            itemCache[name] = nil
            published.withdrawAll(in: name)
        }
        if let id {
            itemCache[name]?[id] = nil
            published.withdraw(in: name, id: id)
        }
    }

    /// An item was appended to collection `name`: extend its cached file segment instead of rebuilding it, so a
    /// save after a create copies the other items' bytes without looking at them.
    private func appended(_ name: String, fileBytes: [UInt8]) {
        resourceCache[name] = nil
        guard var segment = segmentCache.removeValue(forKey: name) else { return }
        if segment.elementsEqual("[]".utf8) {
            segment = Array("[\n    ".utf8)
        } else {
            segment.removeLast(4)  // "\n  ]"
            segment.append(contentsOf: ",\n    ".utf8)
        }
        segment.append(contentsOf: fileBytes)
        segment.append(contentsOf: "\n  ]".utf8)
        segmentCache[name] = segment
    }

    private func clearCaches() {
        published.withdrawAll()
        itemCache = [:]
        resourceCache = [:]
        segmentCache = [:]
    }

    /// The cached serialization of an item with an id, filled on first use.
    private func cachedItem(_ name: String, id: String, value: JSONValue) -> CachedItem {
        if let cached = itemCache[name]?[id] { return cached }
        let bytes = prettyBytes(value)
        var fileBytes: [UInt8] = []
        fileBytes.reserveCapacity(bytes.count + bytes.count / 4)
        appendIndented(bytes, by: 4, to: &fileBytes)
        let entry = CachedItem(representation: Representation(bytes: bytes), fileBytes: fileBytes)
        itemCache[name, default: [:]][id] = entry
        published.publish(entry.representation, in: name, id: id)
        return entry
    }

    /// The file bytes of an item at `position`: cached when it is the one its id finds.
    private func fileBytes(ofItemAt position: Int, in name: String, _ collection: ItemCollection) -> [UInt8] {
        let item = collection.items[position]
        if let key = ItemCollection.key(of: item), collection.position(ofID: key) == position {
            return cachedItem(name, id: key, value: item).fileBytes
        }
        var bytes: [UInt8] = []
        appendIndented(prettyBytes(item), by: 4, to: &bytes)
        return bytes
    }

    /// A collection as a response: `[`, items two spaces in, `]`.
    private func collectionBytes(_ name: String, _ collection: ItemCollection) -> [UInt8] {
        guard !collection.items.isEmpty else { return Array("[]".utf8) }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for position in collection.items.indices {
            bytes.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
            let item = collection.items[position]
            if let key = ItemCollection.key(of: item), collection.position(ofID: key) == position {
                appendIndented(
                    cachedItem(name, id: key, value: item).representation.body.readableBytesView, by: 2, to: &bytes)
            } else {
                appendIndented(prettyBytes(item), by: 2, to: &bytes)
            }
        }
        bytes.append(contentsOf: "\n]".utf8)
        return bytes
    }

    /// A resource's value as it appears in the file, after `"name": `.
    private func segment(_ name: String) -> [UInt8] {
        if let cached = segmentCache[name] { return cached }
        var bytes: [UInt8] = []
        switch database[name]! {
        case .collection(let collection):
            if collection.items.isEmpty {
                bytes = Array("[]".utf8)
            } else {
                bytes.append(UInt8(ascii: "["))
                for position in collection.items.indices {
                    bytes.append(contentsOf: position == 0 ? "\n    ".utf8 : ",\n    ".utf8)
                    bytes.append(contentsOf: fileBytes(ofItemAt: position, in: name, collection))
                }
                bytes.append(contentsOf: "\n  ]".utf8)
            }
        case .document(let value):
            appendIndented(prettyBytes(value), by: 2, to: &bytes)
        }
        segmentCache[name] = bytes
        return bytes
    }

    /// The whole file: the same bytes as pretty-printing the database, plus a final newline.
    private func fileBytes() -> [UInt8] {
        guard !database.names.isEmpty else { return Array("{}\n".utf8) }
        let segments = database.names.map { (name: $0, bytes: segment($0)) }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(segments.reduce(8) { $0 + $1.bytes.count + $1.name.utf8.count + 16 })
        for (position, segment) in segments.enumerated() {
            bytes.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
            bytes.append(contentsOf: prettyBytes(.string(segment.name)))
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: segment.bytes)
        }
        bytes.append(contentsOf: "\n}\n".utf8)
        return bytes
    }
}
