import JSON
import PostgresNIO

/// Writes: each one transaction, acknowledged once PostgreSQL committed it.
extension PostgresStore {
    public func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: StoredItem)
    {
        let idField = self.idField
        let logger = self.logger
        // A new id that another server took in the meantime (a random one, or a sequence lowered by a race of
        // two client-given ids) is tried again with the next.
        for _ in 0..<8 {
            let outcome = try await transaction { connection -> (id: String, item: StoredItem)? in
                let serial = try await Self.collectionSerial(
                    name, create: createCollection, connection, logger)
                var newID: JSONValue = .null
                if ItemChanges.needsNewID(item, idField: idField) {
                    newID = try await Self.newID(in: name, serial: serial, connection, logger)
                }
                let (key, object, given) = try ItemChanges.created(item, idField: idField) { newID }
                let stored = StoredItem(.object(object), idField: idField)
                guard try await PostgresSQL.insert(stored, in: name, connection, logger) else {
                    if given { throw StoreError.duplicateID(key) }
                    return nil
                }
                if given, let integer = Int(key) {
                    try await PostgresSQL.raiseSequence(serial, past: integer, connection, logger)
                }
                return (key, stored)
            }
            if let outcome { return outcome }
        }
        throw StoreError.saveFailed("could not find an unused id in '\(name)'")
    }

    /// The serial of collection `name`, adding the collection when it is missing and `create` is true.
    private static func collectionSerial(
        _ name: String, create: Bool, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Int {
        for _ in 0..<2 {
            switch try await PostgresSQL.resource(name, connection, logger) {
            case .collection(let serial)?: return serial
            case .document?: throw StoreError.wrongKind(name)
            case nil:
                guard create else { throw StoreError.notFound }
                if let serial = try await PostgresSQL.addCollection(name, connection, logger) { return serial }
            // Another server added it meanwhile: read it again.
            }
        }
        throw StoreError.notFound
    }

    /// `ItemCollection.newID`'s rule over the database: the next integer of the collection's sequence (as a
    /// string when every integer id is a string), or a random string when some id is not an integer.
    private static func newID(in name: String, serial: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> JSONValue
    {
        let kinds = try await PostgresSQL.idKinds(name, connection, logger)
        if kinds.other { return .string(randomItemID()) }
        let next = try await PostgresSQL.nextInteger(serial, connection, logger)
        return kinds.strings && !kinds.numbers ? .string(String(next)) : .number(JSONNumber(next))
    }

    public func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem
    {
        let idField = self.idField
        let logger = self.logger
        return try await transaction { connection in
            let (position, existing) = try await Self.lockedItem(name, id, connection, logger)
            guard case .object(let current) = existing.value else { throw StoreError.notFound }
            try ItemChanges.check(ifMatch, existing)
            let updated = ItemChanges.updated(current, with: body, mode: mode, idField: idField)
            let stored = StoredItem(.object(updated), idField: idField)
            try await PostgresSQL.replaceBody(in: name, position: position, with: stored, connection, logger)
            return stored
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
        guard let found = try await PostgresSQL.itemForUpdate(in: name, key: id, connection, logger) else {
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
            guard let kind = try await PostgresSQL.documentForUpdate(name, connection, logger) else {
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
