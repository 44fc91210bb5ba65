import JSON
import PostgresNIO

/// Writes: each one transaction (creates: a batch of them, `CreateQueue`), acknowledged once PostgreSQL committed it.
extension PostgresStore {
    /// Gathered with the creates running meanwhile into one batch, committed together (`CreateQueue`).
    public func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: StoredItem)
    {
        try await creates.create(in: name, item: item, createCollection: createCollection).get()
    }

    public func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem
    {
        let idField = self.idField
        let logger = self.logger
        // Read, change, and write back only if unchanged (compare and set): of two writes of one version, the
        // second reads again, and with If-Match gets a 412.
        while true {
            guard
                let (position, existing) = try await reading({
                    try await PostgresSQL.itemWithPosition(in: name, key: id, $0, logger)
                })
            else {
                if try await kind(of: name) == .document { throw StoreError.wrongKind(name) }
                throw StoreError.notFound
            }
            guard case .object(let current) = existing.value else { throw StoreError.notFound }
            try ItemChanges.check(ifMatch, existing)
            let updated = ItemChanges.updated(current, with: body, mode: mode, idField: idField)
            let stored = StoredItem(.object(updated), idField: idField)
            let replaced = try await writing {
                try await PostgresSQL.replaceBody(in: name, position: position, from: existing, to: stored, $0, logger)
            }
            if replaced { return stored }
        }
    }

    /// The item `id` of collection `name`, locked until the transaction ends.
    private static func lockedItem(_ name: String, _ id: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> (position: Int, item: StoredItem)
    {
        switch try await PostgresSQL.resource(name, connection, logger) {
        case nil: throw StoreError.notFound
        case .document?: throw StoreError.wrongKind(name)
        case .collection?: break
        }
        guard let found = try await PostgresSQL.itemWithPosition(in: name, key: id, locking: true, connection, logger)
        else {
            throw StoreError.notFound
        }
        return found
    }

    public func delete(
        in name: String, id: String, dependents: [String], foreignKeySuffix: String, ifMatch: ETagCondition?
    ) async throws(StoreError) -> StoredItem {
        let logger = self.logger
        return try await transaction { connection in
            let (position, existing) = try await Self.lockedItem(name, id, connection, logger)
            for dependent in dependents {
                guard case .collection? = try await PostgresSQL.resource(dependent, connection, logger) else {
                    throw StoreError.badRequest("_dependent: there is no collection '\(dependent)'")
                }
            }
            try ItemChanges.check(ifMatch, existing)
            try await PostgresSQL.delete(positions: [position], keys: [id], in: name, connection, logger)
            let foreignKey = singular(name) + foreignKeySuffix
            for dependent in dependents {
                let children = try await PostgresSQL.itemsWithPositions(dependent, connection, logger).filter {
                    $0.item.value[foreignKey].flatMap(idKey) == id
                }
                try await PostgresSQL.delete(
                    positions: children.map(\.position), keys: children.compactMap(\.item.key), in: dependent,
                    connection, logger)
            }
            return existing
        }
    }

    public func updateDocument(_ name: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem
    {
        let logger = self.logger
        return try await transaction { connection in
            guard let kind = try await PostgresSQL.resource(name, locking: true, connection, logger) else {
                throw StoreError.notFound
            }
            guard case .document(let text) = kind else { throw StoreError.wrongKind(name) }
            let current = StoredItem(bytes: Array(text.utf8), key: nil)
            try ItemChanges.check(ifMatch, current)
            let updated = StoredItem(.object(ItemChanges.updatedDocument(current.value, with: body, mode: mode)))
            try await PostgresSQL.setDocument(
                name, String(decoding: updated.bytes, as: UTF8.self), connection, logger)
            return updated
        }
    }

    public func replaceAll(with database: Database) async throws(StoreError) {
        let logger = self.logger
        try await transaction { connection in
            try await PostgresSQL.deleteEverything(connection, logger)
            try await Self.importData(database, connection, logger)
        }
    }

    /// Adds every resource of `database`, in order (into an empty database).
    static func importData(_ database: Database, _ connection: PostgresConnection, _ logger: Logger) async throws {
        for name in database.names {
            switch database[name]! {
            case .document(let value):
                let text = String(decoding: StoredItem(value).bytes, as: UTF8.self)
                try await PostgresSQL.addDocument(name, text, connection, logger)
            case .collection(let collection):
                guard let serial = try await PostgresSQL.addCollection(name, connection, logger) else {
                    throw StoreError.saveFailed("collection '\(name)' exists already")
                }
                var seen: Set<String> = []
                let largest = try await PostgresSQL.insertAll(
                    collection.storedItems, in: name, seen: &seen, connection, logger)
                try await PostgresSQL.raiseSequence(serial, past: largest, connection, logger)
            }
        }
    }
}
