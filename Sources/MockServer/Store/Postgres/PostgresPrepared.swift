import PostgresNIO

/// The statements every request runs (a lookup by id, the two steps of a batch of creates), prepared once per connection, as
/// `pgbench -M prepared` runs its own: PostgreSQL then skips parsing and planning them each time.
enum PostgresPrepared {
    /// `GET /NAME/ID`.
    struct ItemLookup: PostgresPreparedStatement {
        static let sql = "SELECT body, key_is_string FROM api.items WHERE resource = $1 AND key = $2 AND NOT repeated"
        typealias Row = (String, Bool)

        let resource: String
        let key: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(resource)
            bindings.append(key)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// What a batch of creates needs to know of a collection, with `$2` new ids (see `PostgresSQL.creationFacts`).
    struct CreationFacts: PostgresPreparedStatement {
        static let sql = """
            SELECT r.serial, r.document IS NOT NULL, k.other, k.strings, k.numbers,
                CASE WHEN $2 > 0 AND r.document IS NULL AND NOT k.other
                        AND coalesce(pg_sequence_last_value(('api.ids_' || r.serial)::regclass), 0)
                            <= 9223372036854775807 - $2
                    THEN ARRAY(SELECT nextval(('api.ids_' || r.serial)::regclass) FROM generate_series(1, $2)) END
            FROM api.resources r, LATERAL (
                SELECT
                    EXISTS (SELECT 1 FROM api.items
                        WHERE resource = r.name AND key IS NOT NULL AND integer_id IS NULL) AS other,
                    EXISTS (SELECT 1 FROM api.items
                        WHERE resource = r.name AND integer_id IS NOT NULL AND key_is_string) AS strings,
                    EXISTS (SELECT 1 FROM api.items
                        WHERE resource = r.name AND integer_id IS NOT NULL AND NOT key_is_string) AS numbers
            ) k
            WHERE r.name = $1
            """
        typealias Row = (Int, Bool, Bool, Bool, Bool, [Int]?)

        let resource: String
        /// How many new ids (0 to `CreateQueue.batchLimit`).
        let newIDs: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(resource)
            bindings.append(newIDs)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A batch of creates' insert, in order: the keys of the rows inserted (one whose id is already used is not).
    /// The keys of a batch are distinct.
    struct InsertItems: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO api.items (resource, key, key_is_string, integer_id, body, doc)
            SELECT $1, u.key, u.is_string, CASE WHEN u.has_integer THEN u.integer END, u.body,
                CASE WHEN u.has_doc THEN u.body::jsonb END
            FROM unnest($2::text[], $3::boolean[], $4::bigint[], $5::boolean[], $6::text[], $7::boolean[])
                WITH ORDINALITY AS u (key, is_string, integer, has_integer, body, has_doc, n)
            ORDER BY u.n
            ON CONFLICT (resource, key) WHERE key IS NOT NULL AND NOT repeated DO NOTHING
            RETURNING key
            """
        typealias Row = String

        let resource: String
        var keys: [String] = []
        var keyIsString: [Bool] = []
        var integers: [Int] = []
        var hasInteger: [Bool] = []
        var bodies: [String] = []
        /// Whether `doc` gets the body as jsonb (`jsonbCanHold`).
        var hasDoc: [Bool] = []

        init(resource: String) { self.resource = resource }

        mutating func append(_ item: StoredItem, key: String) {
            keys.append(key)
            keyIsString.append(item.keyIsString)
            let integer = Int(key)
            integers.append(integer ?? 0)
            hasInteger.append(integer != nil)
            bodies.append(String(decoding: item.bytes, as: UTF8.self))
            hasDoc.append(jsonbCanHold(item.bytes))
        }

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 7)
            bindings.append(resource)
            bindings.append(keys)
            bindings.append(keyIsString)
            bindings.append(integers)
            bindings.append(hasInteger)
            bindings.append(bodies)
            bindings.append(hasDoc)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}
