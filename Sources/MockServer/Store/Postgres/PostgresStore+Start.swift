import JSON
import PostgresNIO

/// What a starting server does before it listens: the schema, and the seed of an empty database.
extension PostgresStore {
    /// Under `PostgresSQL.startLock` (servers starting together wait for each other): creates the tables when
    /// missing, then seeds an empty database from `seed`, or says that `seed` is ignored.
    func prepare(seed: SeedText?, log: @Sendable (String) -> Void) async throws {
        let idField = self.idField
        let logger = self.logger
        let location = self.location
        let seeded = try await inTransaction { connection -> Database? in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSQL.startLock))", logger: logger)
            for statement in PostgresSchema.statements { try await connection.query(statement, logger: logger) }
            let rows = try await connection.query("SELECT schema_version, id_field FROM api.meta", logger: logger)
            for try await (version, field) in rows.decode((Int, String).self) {
                guard version == PostgresSchema.version else {
                    throw PostgresStoreError(
                        "\(location.redacted) holds api schema version \(version); this api knows version "
                            + "\(PostgresSchema.version)")
                }
                guard field == idField else {
                    throw PostgresStoreError(
                        "\(location.redacted) was seeded with --id \(field); start the server with --id \(field)")
                }
                return nil
            }
            var database = Database(idField: idField)
            if let seed {
                do throws(DatabaseFileError) {
                    database = try parseDatabase(seed.bytes, displayName: seed.path, idField: idField)
                } catch {
                    throw PostgresStoreError(error.description, status: 2)
                }
            }
            try await Self.importData(database, connection, logger)
            let seedText = String(decoding: seed?.bytes ?? Array("{}".utf8), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO api.meta (schema_version, id_field, seed)
                VALUES (\(PostgresSchema.version), \(idField), \(seedText))
                """, logger: logger)
            return database
        }
        if let seeded {
            if let seed {
                let summary = seeded.summary
                log(
                    "api: seeded \(location.redacted) from \(seed.path) (\(summary.isEmpty ? "no resources" : summary))"
                )
            }
        } else if let seed {
            log("api: \(location.redacted) already holds data: \(seed.path) is not imported")
        }
    }
}
