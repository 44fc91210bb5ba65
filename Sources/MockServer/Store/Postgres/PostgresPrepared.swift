import PostgresNIO

/// The statements every request runs (a lookup by id, a create's two steps), prepared once per connection, as
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

    /// What a create needs to know of a collection (see `PostgresSQL.creationFacts`).
    struct CreationFacts: PostgresPreparedStatement {
        static let sql = """
            SELECT r.serial, r.document IS NOT NULL, k.other, k.strings, k.numbers,
                CASE WHEN $2 AND r.document IS NULL AND NOT k.other
                        AND coalesce(pg_sequence_last_value(('api.ids_' || r.serial)::regclass), 0)
                            < 9223372036854775807
                    THEN nextval(('api.ids_' || r.serial)::regclass) END
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
        typealias Row = (Int, Bool, Bool, Bool, Bool, Int?)

        let resource: String
        let nextID: Bool

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(resource)
            bindings.append(nextID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// A create's insert; no row when the id is already used.
    struct InsertItem: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO api.items (resource, key, key_is_string, integer_id, body, doc)
            VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN $5::jsonb END)
            ON CONFLICT (resource, key) WHERE key IS NOT NULL AND NOT repeated DO NOTHING
            RETURNING position
            """
        typealias Row = Int

        let resource: String
        let key: String?
        let keyIsString: Bool
        let integerID: Int?
        let body: String
        /// Whether `doc` gets the body as jsonb (`jsonbCanHold`).
        let hasDoc: Bool

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 6)
            bindings.append(resource)
            bindings.append(key)
            bindings.append(keyIsString)
            bindings.append(integerID)
            bindings.append(body)
            bindings.append(hasDoc)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}
