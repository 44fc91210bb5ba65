import PostgresNIO

/// The tables of the PostgreSQL store, in the database's `api` schema. A starting server creates them when
/// missing (under `PostgresSQL.startLock`, so servers starting together create them once).
///
/// - `api.meta`: one row: the schema version, the `--id` field the data was imported with, and the seed (the
///   database text `POST /__api/reset` puts back).
/// - `api.resources`: each top-level name, in order (`position`); `document` holds a singular resource's JSON and
///   is NULL for a collection. `serial` names the collection's id sequence, `api.ids_<serial>`, which hands out
///   `max + 1` integer ids without a lock shared by the servers.
/// - `api.items`: one row per item: its collection, its place in the collection's order (`position`, from
///   `api.positions`), its id key (`key`, NULL when it has none; `integer_id` when the key is an integer;
///   `key_is_string` for `"2"` rather than `2`), `repeated` for a later item with an id already used (only the
///   first is found by id, as in a file), and `body`, the item's JSON as it is sent (pretty, its own key order).
///   The ETag is a hash of `body`, so it changes with every change of the item, like a version column.
enum PostgresSchema {
    static let version = 1

    static let statements: [PostgresQuery] = [
        "CREATE SCHEMA IF NOT EXISTS api",
        """
        CREATE TABLE IF NOT EXISTS api.meta (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            schema_version integer NOT NULL,
            id_field text NOT NULL,
            seed text NOT NULL
        )
        """,
        "CREATE SEQUENCE IF NOT EXISTS api.positions",
        """
        CREATE TABLE IF NOT EXISTS api.resources (
            name text PRIMARY KEY,
            serial bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            position bigint NOT NULL DEFAULT nextval('api.positions'),
            document text
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS api.items (
            resource text NOT NULL REFERENCES api.resources (name) ON DELETE CASCADE,
            position bigint NOT NULL DEFAULT nextval('api.positions'),
            key text,
            key_is_string boolean NOT NULL DEFAULT false,
            integer_id bigint,
            repeated boolean NOT NULL DEFAULT false,
            body text NOT NULL,
            PRIMARY KEY (resource, position)
        )
        """,
        """
        CREATE UNIQUE INDEX IF NOT EXISTS items_by_key ON api.items (resource, key)
            WHERE key IS NOT NULL AND NOT repeated
        """,
        """
        CREATE INDEX IF NOT EXISTS items_other_ids ON api.items (resource)
            WHERE key IS NOT NULL AND integer_id IS NULL
        """,
        """
        CREATE INDEX IF NOT EXISTS items_string_integer_ids ON api.items (resource)
            WHERE integer_id IS NOT NULL AND key_is_string
        """,
    ]
}
