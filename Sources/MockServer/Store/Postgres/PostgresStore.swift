import JSON
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The mock server's data in a PostgreSQL database (`--store postgres://…`), shared by every `api serve` on it.
///
/// Each request is a statement or one transaction: a write is acknowledged once PostgreSQL committed it, ids come
/// from the database (unique across servers), and `If-Match` reads the row `FOR UPDATE`, so of two servers
/// updating one version exactly one wins. Concurrent creates are committed together (`CreateQueue`), and
/// concurrent `GET /NAME/ID` on one event loop go out as one statement (`LookupLane`). Nothing is cached in
/// memory, so no server serves data another has changed. The SQL is in `PostgresSQL`; the tables are described in `PostgresSchema`.
public final class PostgresStore: Store {
    let client: PostgresClient
    let location: PostgresLocation
    let idField: String
    /// Whether the database keeps text as UTF-8 (`SHOW server_encoding`), for the prefilter's string equality.
    let unicode: Bool
    let logger = Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private let running: Task<Void, Never>
    /// Connections on each event loop, for `GET /NAME/ID` answered there (`FastItemHandler`).
    private let loopReads: LoopConnections?
    /// Creates, gathered into batches (group commit).
    let creates: CreateQueue

    /// How the connections reach the server.
    static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// Connects (once, to fail early with a clear line), creates the schema when missing and seeds an empty
    /// database from `seed` (the FILE argument's text). `log` gets the seeding line.
    public static func open(
        _ location: PostgresLocation, pool: Int, idField: String, seed: SeedText?, log: @Sendable (String) -> Void
    ) async throws(PostgresStoreError) -> PostgresStore {
        let tls: PostgresClient.Configuration.TLS
        do {
            tls = try Self.tls(location.tls)
        } catch {
            throw PostgresStoreError("cannot set up TLS for \(location.redacted): \(error)")
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = pool
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        var unicode = false
        let noLogger = Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        // One connection first: a refused connection, a bad password or a missing database is an error now,
        // before the server listens (the pool would retry for ever).
        var single: PostgresConnection.Configuration
        do {
            single = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: try connectionTLS(location.tls))
            single.options.connectTimeout = .seconds(5)
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: single, id: 0,
                logger: Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
            defer { Task { try? await connection.close() } }
            for try await encoding in try await connection.query("SHOW server_encoding", logger: noLogger).decode(
                String.self)
            {
                unicode = encoding == "UTF8"
            }
        } catch {
            throw PostgresStoreError(describePostgresError(error, location))
        }
        let store = PostgresStore(
            client: PostgresClient(configuration: configuration), location, idField: idField, unicode: unicode)
        do {
            try await store.prepare(seed: seed, log: log)
        } catch let error as PostgresStoreError {
            await store.close()
            throw error
        } catch {
            await store.close()
            throw PostgresStoreError(describePostgresError(error, location))
        }
        // The fast path's connections (the pool's size spread over the server's event loops), once the tables
        // they prepare their lookup on exist.
        let group = MultiThreadedEventLoopGroup.singleton
        let loops = Array(group.makeIterator()).count
        let loopReads = await LoopConnections.open(single, perLoop: max(1, pool / max(1, loops)), group: group)
        return PostgresStore(store, loopReads: loopReads)
    }

    private init(client: PostgresClient, _ location: PostgresLocation, idField: String, unicode: Bool) {
        self.client = client
        self.unicode = unicode
        self.loopReads = nil
        self.location = location
        self.idField = idField
        running = Task { await client.run() }
        let batch = CreateBatch(client: client, location: location, idField: idField, logger: logger)
        creates = CreateQueue(limit: Self.createBatchesAtOnce, run: { await batch.run($0) })
    }

    /// How many batches of creates run at once: one commits while the next gathers its creates and ids.
    static let createBatchesAtOnce = 2

    /// The same store (its pool keeps running) with the fast path's connections.
    private init(_ store: PostgresStore, loopReads: LoopConnections?) {
        client = store.client
        unicode = store.unicode
        location = store.location
        idField = store.idField
        running = store.running
        creates = store.creates
        self.loopReads = loopReads
    }

    /// Stops the connection pool and closes the fast path's connections.
    public func close() async {
        await loopReads?.close()
        running.cancel()
        await running.value
    }

    public var eventLoopReads: (any EventLoopReads)? { loopReads }

    public func flush() async {}

    // MARK: Running statements

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws (its error comes
    /// out as it is).
    func inTransaction<T: Sendable>(
        readOnly: Bool = false, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await client.withConnection { connection in
            try await connection.inTransaction(readOnly: readOnly, logger: logger) { try await body($0) }
        }
    }

    /// `inTransaction` for requests: a `StoreError` thrown by `body` comes out as it is, any other failure as
    /// `saveFailed` (a write) or `unavailable` (a read).
    func transaction<T: Sendable>(
        readOnly: Bool = false, _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await inTransaction(readOnly: readOnly, body)
        } catch let error as StoreError {
            throw error
        } catch {
            let text = describePostgresError(error, location)
            throw readOnly ? StoreError.unavailable(text) : StoreError.saveFailed(text)
        }
    }

    /// Runs one read statement's worth of work outside a transaction; failures are `unavailable`.
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await onConnection(body, failure: StoreError.unavailable)
    }

    /// Runs one write statement on its own (PostgreSQL commits it alone); failures are `saveFailed`.
    func writing<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await onConnection(body, failure: StoreError.saveFailed)
    }

    /// `body` on a connection of the pool: a `StoreError` it throws comes out as it is, any other failure as
    /// `failure` of its one-line description.
    private func onConnection<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T, failure: (String) -> StoreError
    ) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { try await body($0) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw failure(describePostgresError(error, location))
        }
    }

    // MARK: Reads

    public func resources() async throws(StoreError) -> [ResourceSummary] {
        try await reading { connection in try await PostgresSQL.resourceSummaries(connection, self.logger) }
    }

    public func kind(of name: String) async throws(StoreError) -> ResourceKind? {
        switch try await reading({ try await PostgresSQL.resource(name, $0, self.logger) }) {
        case .collection?: .collection
        case .document?: .document
        case nil: nil
        }
    }

    public func document(_ name: String) async throws(StoreError) -> StoredItem? {
        guard case .document(let text)? = try await reading({ try await PostgresSQL.resource(name, $0, self.logger) })
        else { return nil }
        return StoredItem(bytes: Array(text.utf8), key: nil)
    }

    public func item(in name: String, id: String) async throws(StoreError) -> StoredItem? {
        try await reading { try await PostgresSQL.item(in: name, key: id, $0, self.logger) }
    }

    public func query(_ name: String, _ query: CollectionQuery) async throws(StoreError) -> QueryAnswer {
        let idField = self.idField
        return try await transaction(readOnly: true) { connection in
            guard let kind = try await PostgresSQL.resource(name, connection, self.logger) else {
                throw StoreError.notFound
            }
            guard case .collection = kind else { throw StoreError.wrongKind(name) }
            if let answer = try await PostgresSQL.plainPage(name, query, connection, self.logger) {
                return answer
            }
            // Filters, `q`, `_where`, sorts and embeds run on the items as the file store runs them, so both
            // stores answer alike. The collection's items come through the filters' prefilter unless an embed
            // needs all of them.
            let embedsItself = query.embeds.contains(name) || query.embeds.contains(singular(name))
            var database = try await PostgresSQL.database(
                loading: Set(query.embeds), idField: idField, connection, self.logger)
            if !embedsItself {
                let items = try await PostgresSQL.items(
                    of: name, passing: query.filters, unicode: self.unicode, connection, self.logger)
                database[name] = .collection(ItemCollection(stored: items))
            }
            do throws(CollectionQueryError) {
                return try query.run(on: database.collection(name)!, resource: name, database: database)
            } catch {
                throw StoreError.badRequest(error.message)
            }
        }
    }

    public func item(in name: String, id: String, embedding embeds: [String], foreignKeySuffix: String)
        async throws(StoreError) -> StoredItem?
    {
        let idField = self.idField
        return try await transaction(readOnly: true) { connection -> StoredItem? in
            guard let item = try await PostgresSQL.item(in: name, key: id, connection, self.logger) else {
                return nil
            }
            let database = try await PostgresSQL.database(
                loading: Set(embeds), idField: idField, connection, self.logger)
            var resolved: [Embed] = []
            for embedName in embeds {
                do throws(CollectionQueryError) {
                    resolved.append(try Embed.resolve(embedName, for: name, in: database, suffix: foreignKeySuffix))
                } catch {
                    throw StoreError.badRequest(error.message)
                }
            }
            return StoredItem(embed(resolved, into: [item.value], from: database)[0], idField: idField)
        }
    }

    public func snapshot() async throws(StoreError) -> Database {
        let idField = self.idField
        return try await transaction(readOnly: true) { connection in
            try await PostgresSQL.database(loading: nil, idField: idField, connection, self.logger)
        }
    }

    public func wholeDatabase() async throws(StoreError) -> JSONValue { try await snapshot().jsonValue }

    public func startingData() async throws(StoreError) -> Database {
        let idField = self.idField
        let text = try await reading { try await PostgresSQL.seed($0, self.logger) }
        do throws(DatabaseFileError) {
            return try parseDatabase(Array(text.utf8), displayName: "the seed", idField: idField)
        } catch {
            throw StoreError.unavailable("the seed in \(location.redacted) is not a database: \(error)")
        }
    }
}

/// The FILE argument's text, offered to seed an empty database.
public struct SeedText: Sendable {
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Why the PostgreSQL store cannot open: one line, without the password.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let description: String
    /// 2 for a seed file that is not a database (as with the file store), 1 otherwise.
    public let status: Int32

    init(_ description: String, status: Int32 = 1) {
        self.description = description
        self.status = status
    }
}

private func connectionTLS(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
    switch mode {
    case .disable: return .disable
    case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
    case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
    }
}

extension PostgresConnection {
    /// Runs `body` on this connection in one transaction: committed when it returns, rolled back when it throws
    /// (its error comes out as it is). On the caller's isolation, as `body` is.
    nonisolated(nonsending) func inTransaction<T: Sendable>(
        readOnly: Bool = false, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(self)
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
        try await query("COMMIT", logger: logger)
        return value
    }
}
