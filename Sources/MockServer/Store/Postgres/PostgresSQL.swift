import JSON
import Logging
import PostgresNIO

/// The statements of the PostgreSQL store (the hottest three, prepared, are in `PostgresPrepared`). Request input only ever travels as a bind parameter (`\(value)` in
/// a `PostgresQuery` is a bind); the only text put into SQL is a collection's `serial`, an integer the database
/// gave, naming its id sequence.
enum PostgresSQL {
    /// A resource as its row says: a collection (with the serial of its id sequence) or a singular resource.
    enum Kind: Sendable {
        case collection(serial: Int)
        case document(String)
    }

    /// The advisory lock a starting server holds while it creates the schema and seeds.
    static let startLock = 0x6170_695f_7374_6f72  // "api_stor"

    /// What `name` is; `locking`: its row stays locked until the transaction ends (a singular resource's update).
    static func resource(
        _ name: String, locking: Bool = false, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Kind? {
        let rows = try await connection.query(
            "SELECT serial, document FROM api.resources WHERE name = \(name)\(unescaped: locking ? " FOR UPDATE" : "")",
            logger: logger)
        for try await (serial, document) in rows.decode((Int, String?).self) {
            return document.map { .document($0) } ?? .collection(serial: serial)
        }
        return nil
    }

    static func resourceSummaries(_ connection: PostgresConnection, _ logger: Logger) async throws
        -> [ResourceSummary]
    {
        let rows = try await connection.query(
            """
            SELECT r.name, r.document IS NULL, (SELECT count(*) FROM api.items i WHERE i.resource = r.name)
            FROM api.resources r ORDER BY r.position
            """, logger: logger)
        var summaries: [ResourceSummary] = []
        for try await (name, isCollection, count) in rows.decode((String, Bool, Int).self) {
            summaries.append(ResourceSummary(name: name, count: isCollection ? count : nil))
        }
        return summaries
    }

    static func item(in name: String, key: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> StoredItem?
    {
        let rows = try await connection.execute(PostgresPrepared.ItemLookup(resource: name, key: key), logger: logger)
        for try await (body, isString) in rows {
            return StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString)
        }
        return nil
    }

    /// The items of collection `$1` with the ids `$2` (a `text[]`), for lookups coalesced on an event loop
    /// (`LookupLane`): the same rows as `PostgresPrepared.ItemLookup` finds for each, with the key beside them.
    static let itemBatchSQL =
        "SELECT key, body, key_is_string FROM api.items WHERE resource = $1 AND key = ANY($2) AND NOT repeated"

    /// The item found by id, with its place. `locking`: its row stays locked until the transaction ends (a
    /// delete); without, an update changes it only if unchanged (`replaceBody`).
    static func itemWithPosition(
        in name: String, key: String, locking: Bool = false, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (position: Int, item: StoredItem)? {
        let rows = try await connection.query(
            """
            SELECT position, body, key_is_string FROM api.items
            WHERE resource = \(name) AND key = \(key) AND NOT repeated\(unescaped: locking ? " FOR UPDATE" : "")
            """, logger: logger)
        for try await (position, body, isString) in rows.decode((Int, String, Bool).self) {
            return (position, StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString))
        }
        return nil
    }

    /// Every item of collection `name`, in order.
    static func items(of name: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [StoredItem]
    {
        let rows = try await connection.query(
            "SELECT body, key, key_is_string FROM api.items WHERE resource = \(name) ORDER BY position",
            logger: logger)
        var items: [StoredItem] = []
        for try await (body, key, isString) in rows.decode((String, String?, Bool).self) {
            items.append(StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString))
        }
        return items
    }

    /// The items of collection `name` that `filters` may pass (a superset, see `PostgresPrefilter`), in order.
    static func items(
        of name: String, passing filters: [Filter], unicode: Bool, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> [StoredItem] {
        var binds = PostgresBindings()
        binds.append(name)
        guard let prefilter = PostgresPrefilter(filters, after: binds, unicode: unicode) else {
            return try await items(of: name, connection, logger)
        }
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT body, key, key_is_string FROM api.items WHERE resource = $1 AND \(prefilter.sql)
                    ORDER BY position
                    """, binds: prefilter.binds), logger: logger)
        var items: [StoredItem] = []
        for try await (body, key, isString) in rows.decode((String, String?, Bool).self) {
            items.append(StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString))
        }
        return items
    }

    /// A query that only orders and cuts (no filter, `q`, `_where`, sort or embed), answered with `count(*)`
    /// and `LIMIT`/`OFFSET`; nil for any other query.
    static func plainPage(
        _ name: String, _ query: CollectionQuery, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> QueryAnswer? {
        guard query.filters.isEmpty, query.search == nil, query.whereClause == nil, query.sort.isEmpty,
            query.embeds.isEmpty
        else { return nil }
        guard query.paging != nil || query.slice != nil else {
            let items = try await items(of: name, connection, logger)
            return QueryAnswer(items: items, totalCount: items.count, page: nil, paging: nil)
        }
        var total = 0
        for try await count in try await connection.query(
            "SELECT count(*) FROM api.items WHERE resource = \(name)", logger: logger
        ).decode(Int.self) {
            total = count
        }
        let (page, range) = query.cut(total)
        var items: [StoredItem] = []
        if !range.isEmpty {
            let rows = try await connection.query(
                """
                SELECT body, key, key_is_string FROM api.items WHERE resource = \(name) ORDER BY position
                LIMIT \(range.count) OFFSET \(range.lowerBound)
                """, logger: logger)
            for try await (body, key, isString) in rows.decode((String, String?, Bool).self) {
                items.append(StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString))
            }
        }
        return QueryAnswer(items: items, totalCount: total, page: page, paging: query.paging)
    }

    /// The database as a value: every resource in order, the collections named in `loading` (or whose singular
    /// is named there) with their items, the others empty; nil loads every collection.
    static func database(
        loading: Set<String>?, idField: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Database {
        let rows = try await connection.query(
            "SELECT name, document FROM api.resources ORDER BY position", logger: logger)
        var list: [(String, String?)] = []
        for try await (name, document) in rows.decode((String, String?).self) { list.append((name, document)) }
        var resources: [(String, Resource)] = []
        for (name, document) in list {
            if let document {
                resources.append((name, .document((try? JSON.parse(Array(document.utf8))) ?? .null)))
            } else if loading == nil || loading!.contains(name) || loading!.contains(singular(name)) {
                resources.append(
                    (name, .collection(ItemCollection(stored: try await items(of: name, connection, logger)))))
            } else {
                resources.append((name, .collection(ItemCollection())))
            }
        }
        return Database(resources: resources, idField: idField)
    }

    static func seed(_ connection: PostgresConnection, _ logger: Logger) async throws -> String {
        for try await text in try await connection.query("SELECT seed FROM api.meta", logger: logger).decode(
            String.self)
        {
            return text
        }
        return "{}"
    }

    // MARK: Ids

    /// The name of collection `serial`'s id sequence, as a bind (`$1::regclass`).
    static func sequenceName(_ serial: Int) -> String { "api.ids_\(serial)" }

    static func createSequence(_ serial: Int, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "CREATE SEQUENCE \(sequenceName(serial)) MINVALUE -9223372036854775808 START 1"),
            logger: logger)
    }

    /// Makes the next id of the sequence larger than `id` (an id given by a client, or the largest seeded).
    static func raiseSequence(_ serial: Int, past id: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard id >= 1 else { return }
        let name = sequenceName(serial)
        try await connection.query(
            """
            SELECT setval(\(name)::regclass, \(id))
            WHERE \(id) > coalesce(pg_sequence_last_value(\(name)::regclass), 0)
            """, logger: logger)
    }

    /// What a batch of creates needs to know of collection `name`, in one statement
    /// (`PostgresPrepared.CreationFacts`): its serial, whether it is a singular resource instead, its kinds of ids
    /// (any not an integer, any integer written as a string, any written as a number), and, when every id is an
    /// integer, the next `newIDs` integers of its sequence (`nextval` is outside transactions: an id taken is never
    /// handed out again); none once the sequence would pass the largest 64-bit integer (new ids are then random
    /// strings, as with the file).
    static func creationFacts(_ name: String, newIDs: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> CreationFacts?
    {
        let rows = try await connection.execute(
            PostgresPrepared.CreationFacts(resource: name, newIDs: newIDs), logger: logger)
        for try await (serial, isDocument, other, strings, numbers, next) in rows {
            return CreationFacts(
                serial: serial, isDocument: isDocument, otherIDs: other, integerStrings: strings,
                integerNumbers: numbers, newIntegers: next ?? [])
        }
        return nil
    }

    struct CreationFacts {
        let serial: Int
        let isDocument: Bool
        let otherIDs: Bool
        let integerStrings: Bool
        let integerNumbers: Bool
        /// The integers taken from the collection's sequence for the batch, in order.
        let newIntegers: [Int]

        /// `ItemCollection.newID`'s rule for the `index`th new id of the batch: the next integer (a string when
        /// every integer id is one), else random.
        func newID(_ index: Int) -> JSONValue {
            guard index < newIntegers.count, !otherIDs else { return .string(randomItemID()) }
            let integer = newIntegers[index]
            return integerStrings && !integerNumbers ? .string(String(integer)) : .number(JSONNumber(integer))
        }
    }

    /// Inserts a batch of creates' items (distinct keys) in order; returns the keys inserted (an id already
    /// used is not).
    static func insert(_ batch: PostgresPrepared.InsertItems, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> Set<String>
    {
        var inserted: Set<String> = []
        for try await key in try await connection.execute(batch, logger: logger) { inserted.insert(key) }
        return inserted
    }

    /// Replaces an item's body if it is still `old`; false when another write changed or removed it first.
    static func replaceBody(
        in name: String, position: Int, from old: StoredItem, to new: StoredItem, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> Bool {
        let oldBody = String(decoding: old.bytes, as: UTF8.self)
        let newBody = String(decoding: new.bytes, as: UTF8.self)
        let hasDoc = jsonbCanHold(new.bytes)
        let rows = try await connection.query(
            """
            UPDATE api.items SET body = \(newBody), doc = CASE WHEN \(hasDoc) THEN \(newBody)::jsonb END
            WHERE resource = \(name) AND position = \(position) AND body = \(oldBody)
            RETURNING position
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    // MARK: Writes

    /// Adds a collection; returns its serial, or nil when another server added it meanwhile.
    static func addCollection(_ name: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int? {
        let rows = try await connection.query(
            "INSERT INTO api.resources (name) VALUES (\(name)) ON CONFLICT (name) DO NOTHING RETURNING serial",
            logger: logger)
        for try await serial in rows.decode(Int.self) {
            try await createSequence(serial, connection, logger)
            return serial
        }
        return nil
    }

    static func addDocument(_ name: String, _ text: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            "INSERT INTO api.resources (name, document) VALUES (\(name), \(text))", logger: logger)
    }

    /// Inserts `items` at the end of collection `name` in order, in batches; `seen` holds the keys already used
    /// (a repeated key is kept, marked `repeated`, as in a file). Returns the largest integer id.
    static func insertAll(
        _ items: [StoredItem], in name: String, seen: inout Set<String>, _ connection: PostgresConnection,
        _ logger: Logger
    ) async throws -> Int {
        var largest = 0
        var start = 0
        while start < items.count {
            let batch = items[start..<min(start + 5000, items.count)]
            start += batch.count
            var keys: [String] = []
            var hasKey: [Bool] = []
            var isString: [Bool] = []
            var integers: [Int] = []
            var hasInteger: [Bool] = []
            var repeated: [Bool] = []
            var bodies: [String] = []
            var hasDoc: [Bool] = []
            for item in batch {
                keys.append(item.key ?? "")
                hasKey.append(item.key != nil)
                isString.append(item.keyIsString)
                let integer = item.key.flatMap { Int($0) }
                integers.append(integer ?? 0)
                hasInteger.append(integer != nil)
                if let integer { largest = max(largest, integer) }
                repeated.append(item.key.map { !seen.insert($0).inserted } ?? false)
                bodies.append(String(decoding: item.bytes, as: UTF8.self))
                hasDoc.append(jsonbCanHold(item.bytes))
            }
            try await connection.query(
                """
                INSERT INTO api.items (resource, key, key_is_string, integer_id, repeated, body, doc)
                SELECT \(name), CASE WHEN u.has_key THEN u.key END, u.is_string,
                    CASE WHEN u.has_integer THEN u.integer END, u.repeated, u.body,
                    CASE WHEN u.has_doc THEN u.body::jsonb END
                FROM unnest(\(keys)::text[], \(hasKey)::boolean[], \(isString)::boolean[], \(integers)::bigint[],
                    \(hasInteger)::boolean[], \(repeated)::boolean[], \(bodies)::text[], \(hasDoc)::boolean[])
                    WITH ORDINALITY AS u (key, has_key, is_string, integer, has_integer, repeated, body, has_doc, n)
                ORDER BY u.n
                """, logger: logger)
        }
        return largest
    }

    static func setDocument(_ name: String, _ text: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        try await connection.query(
            "UPDATE api.resources SET document = \(text) WHERE name = \(name)", logger: logger)
    }

    /// Deletes the items at `positions` of collection `name`; a later item with the id of one deleted becomes
    /// the one found by that id (`repeated` cleared), as in a file.
    static func delete(
        positions: [Int], keys: [String], in name: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard !positions.isEmpty else { return }
        try await connection.query(
            "DELETE FROM api.items WHERE resource = \(name) AND position = ANY(\(positions)::bigint[])",
            logger: logger)
        guard !keys.isEmpty else { return }
        try await connection.query(
            """
            UPDATE api.items i SET repeated = false
            WHERE i.resource = \(name) AND i.repeated AND i.key = ANY(\(keys)::text[])
                AND i.position = (SELECT min(j.position) FROM api.items j WHERE j.resource = i.resource AND j.key = i.key)
                AND NOT EXISTS (
                    SELECT 1 FROM api.items k WHERE k.resource = i.resource AND k.key = i.key AND NOT k.repeated)
            """, logger: logger)
    }

    /// The items of collection `name` with their places (the children a `_dependent` delete looks through).
    static func itemsWithPositions(_ name: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> [(position: Int, item: StoredItem)]
    {
        let rows = try await connection.query(
            "SELECT position, body, key, key_is_string FROM api.items WHERE resource = \(name) ORDER BY position",
            logger: logger)
        var items: [(Int, StoredItem)] = []
        for try await (position, body, key, isString) in rows.decode((Int, String, String?, Bool).self) {
            items.append((position, StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString)))
        }
        return items
    }

    /// Removes every resource and item (and the collections' id sequences).
    static func deleteEverything(_ connection: PostgresConnection, _ logger: Logger) async throws {
        var serials: [Int] = []
        for try await serial in try await connection.query(
            "SELECT serial FROM api.resources WHERE document IS NULL", logger: logger
        ).decode(Int.self) {
            serials.append(serial)
        }
        try await connection.query("DELETE FROM api.items", logger: logger)
        try await connection.query("DELETE FROM api.resources", logger: logger)
        for serial in serials {
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP SEQUENCE IF EXISTS \(sequenceName(serial))"), logger: logger)
        }
    }
}
