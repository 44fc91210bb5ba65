import JSON

/// Writes: applied to memory and journaled under the lock, acknowledged once the journal has them on disk.
extension JSONFileStore {
    public func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: StoredItem)
    {
        let (ticket, key, stored) = try locked { () throws(StoreError) in
            try ensureWritable()
            if database[name] == nil {
                guard createCollection else { throw StoreError.notFound }
                database[name] = .collection(ItemCollection())
            }
            guard database.collection(name) != nil else { throw StoreError.wrongKind(name) }
            let (key, stored, object) = try database.modifyCollection(name) { (collection) throws(StoreError) in
                let (key, object, given) = try ItemChanges.created(item, idField: idField) { collection.newID() }
                if given, collection.position(ofID: key) != nil { throw StoreError.duplicateID(key) }
                let stored = StoredItem(.object(object), idField: idField)
                collection.append(stored, value: .object(object))
                return (key, stored, object)
            }
            return (journaled([.put(collection: name, item: .object(object))]), key, stored)
        }
        try await commit(ticket)
        return (key, stored)
    }

    public func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem
    {
        let (ticket, stored) = try locked { () throws(StoreError) in
            try ensureWritable()
            guard let collection = database.collection(name) else {
                throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
            }
            guard let slot = collection.position(ofID: id), let existing = collection.item(atSlot: slot),
                case .object(let current) = existing.value
            else { throw StoreError.notFound }
            try check(ifMatch, existing)
            let updated = ItemChanges.updated(current, with: body, mode: mode, idField: idField)
            let stored = StoredItem(.object(updated), idField: idField)
            try database.modifyCollection(name) { (collection) throws(StoreError) in
                collection.replace(atSlot: slot, with: stored, value: .object(updated))
            }
            return (journaled([.put(collection: name, item: .object(updated))]), stored)
        }
        try await commit(ticket)
        return stored
    }

    public func delete(
        in name: String, id: String, dependents: [String], foreignKeySuffix: String = "Id", ifMatch: ETagCondition?
    ) async throws(StoreError) -> StoredItem {
        let (ticket, removed) = try locked { () throws(StoreError) in
            try ensureWritable()
            guard let collection = database.collection(name) else {
                throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
            }
            guard let slot = collection.position(ofID: id), let existing = collection.item(atSlot: slot) else {
                throw StoreError.notFound
            }
            for dependent in dependents where database.collection(dependent) == nil {
                throw StoreError.badRequest("_dependent: there is no collection '\(dependent)'")
            }
            try check(ifMatch, existing)
            try database.modifyCollection(name) { (collection) throws(StoreError) in
                collection.remove(atSlot: slot)
            }
            var operations: [JournalOperation] = [.delete(collection: name, id: id)]
            let foreignKey = singular(name) + foreignKeySuffix
            for dependent in dependents {
                let count = try database.modifyCollection(dependent) { (children) throws(StoreError) in
                    children.removeAll { $0.value[foreignKey].flatMap(idKey) == id }
                }
                if count > 0 { operations.append(.deleteChildren(collection: dependent, field: foreignKey, id: id)) }
            }
            return (journaled(operations), existing)
        }
        try await commit(ticket)
        return removed
    }

    public func updateDocument(_ name: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem
    {
        let (ticket, stored) = try locked { () throws(StoreError) in
            try ensureWritable()
            guard case .document(let current)? = database[name] else {
                throw database[name] == nil ? StoreError.notFound : StoreError.wrongKind(name)
            }
            try check(ifMatch, StoredItem(current))
            let updated = ItemChanges.updatedDocument(current, with: body, mode: mode)
            database[name] = .document(.object(updated))
            return (journaled([.set(resource: name, value: .object(updated))]), StoredItem(.object(updated)))
        }
        try await commit(ticket)
        return stored
    }

    public func replaceAll(with replacement: Database) async throws(StoreError) {
        // The record's line (the size of the whole data) is written before taking the lock, so reads go on.
        let record = JournalRecord([.replaceAll(replacement)])
        let line = record.line
        let ticket = try locked { () throws(StoreError) in
            try ensureWritable()
            database = replacement
            return journaled(record, line: line)
        }
        try await commit(ticket)
    }

    func ensureWritable() throws(StoreError) {
        if let readOnlyReason { throw StoreError.unavailable(readOnlyReason) }
        if let brokenReason { throw StoreError.unavailable(brokenReason) }
    }

    func check(_ condition: ETagCondition?, _ item: StoredItem) throws(StoreError) {
        try ItemChanges.check(condition, item)
    }

    /// Holding the lock: queues the record of a change just applied; returns its journal ticket.
    func journaled(_ operations: [JournalOperation]) -> Int {
        let record = JournalRecord(operations)
        return journaled(record, line: record.line)
    }

    /// Holding the lock: queues `record`, whose line is `line`.
    func journaled(_ record: JournalRecord, line: [UInt8]) -> Int {
        let ticket = journal!.queue(line)
        let now = ContinuousClock.now
        unsaved.append((ticket, record))
        lastChange = now
        if firstUnsaved == nil { firstUnsaved = now }
        scheduleRewrite()
        return ticket
    }

    /// Waits until the journal has the record on disk. When the journal cannot be written, memory goes back to
    /// what the file and the journal hold (the writes not synced are not applied) and writes are refused.
    func commit(_ ticket: Int) async throws(StoreError) {
        guard let failure = await journal!.waitUntilDurable(ticket) else { return }
        locked {
            if brokenReason == nil {
                brokenReason = "\(failure); writes are refused until the server is restarted"
                log(
                    "api: \(failure); the writes not yet on disk were not applied, and writes are refused until restart"
                )
                revertToDisk()
            }
        }
        throw StoreError.saveFailed(failure.description)
    }

    /// Holding the lock: memory becomes the file plus the journaled writes that were synced (the file holds every
    /// write before `unsaved`).
    private func revertToDisk() {
        guard let loaded = try? loadDatabase(file, displayName: displayName, idField: idField), let journal else {
            return
        }
        let durable = journal.lastDurableTicket
        var restored = loaded.database
        for (ticket, record) in unsaved where ticket <= durable { restored.apply(record) }
        database = restored
        unsaved.removeAll { $0.ticket > durable }
    }

    /// Waits until every acknowledged write is in the file itself (not only the journal).
    public func flush() async {
        guard let journal else { return }
        _ = await journal.waitUntilDurable(journal.lastTicket)
        var attempts = 0
        while true {
            let (running, pending) = locked { (rewrite, !unsaved.isEmpty && brokenReason == nil) }
            if let running {
                await running.value
                continue
            }
            guard pending else { return }
            // A rewrite that found the file edited has reloaded it (with the journaled writes on top): try again,
            // a few times.
            if await rewriteNow() { continue }
            attempts += 1
            if attempts == 3 { return }
        }
    }

    /// After the last write of a clean stop: closes the journal, and removes it when the file holds everything.
    public func close() async {
        await flush()
        journal?.close()
        if locked({ unsaved.isEmpty }) { journal?.file.removeIfEmpty() }
    }
}
