import NIOCore

/// Everything `api serve --mock` can be told; the CLI fills it from the command line.
public struct MockServerOptions: Sendable {
    /// The database file (created as `{}` when missing).
    public var file: String
    public var host: String = "127.0.0.1"
    /// 0 picks a free port.
    public var port: Int = 3000
    /// `--static DIR`: files served when no resource matches (`./public` is served too when it exists).
    public var staticDirectory: String?
    /// `--delay MS`: latency added to every response (`?_delay=MS` overrides it per request), at most
    /// `maximumDelayMilliseconds`.
    public var delayMilliseconds: Int = 0
    /// The longest `--delay` or `_delay`: one hour.
    public static let maximumDelayMilliseconds = 3_600_000
    /// `--idle-timeout SECONDS`: a connection with no request in progress that receives nothing for this long is
    /// closed (an idle keep-alive connection, or a request head that does not arrive in time).
    public var idleTimeout: Duration = .seconds(60)
    /// `--read-only`: every write is 403.
    public var readOnly: Bool = false
    /// Pick up hand edits of the file (`--no-watch` turns it off).
    public var watch: Bool = true
    /// `Access-Control-Allow-Origin`; nil turns CORS headers off.
    public var cors: String? = "*"
    /// Request bodies larger than this are 413.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Written with the server's URL once the socket accepts connections.
    public var readyFile: String?
    /// No per-request log lines.
    public var quiet: Bool = false
    /// A POST to a name that does not exist is 404 instead of creating the collection.
    public var strict: Bool = false
    /// `--fks SUFFIX`: a child points to its parent with `<singular><suffix>` (`postId`), for `_embed`, `_expand`
    /// and nested routes.
    public var foreignKeySuffix: String = "Id"
    /// `--id FIELD`: the member that is an item's id (json-server's `--id`, e.g. `_id`), for lookups, new ids,
    /// PUT/PATCH, `_embed`/`_expand`, nested routes and `_dependent`.
    public var idField: String = "id"
    /// `--routes FILE`: json-server's rewrite rules, applied in order before routing.
    public var rewriteRules: [RewriteRule] = []
    /// The `/__api/` endpoints (journal, OpenAPI); `--no-admin` turns them off.
    public var admin: Bool = true
    /// `--journal N`: how many requests `/__api/requests` keeps (0: none).
    public var journalCapacity: Int = 1000
    /// The largest `--journal`.
    public static let maximumJournalCapacity = 1_000_000
    /// `--fail RATE` and `--fail-status`, `--jitter MS`.
    public var faults = FaultPolicy()
    /// `--auth bearer:TOKEN` or `--auth basic:USER:PASS`: the credentials every request must carry.
    public var auth: RequiredCredentials?

    /// `--store`: where the data lives.
    public var store: StoreLocation = .file
    /// Whether FILE was given on the command line (with a PostgreSQL store it seeds an empty database).
    public var fileGiven = true
    /// `--pool N`: connections each server keeps to a PostgreSQL store.
    public var pool: Int = MockServerOptions.defaultPool
    /// The default `--pool`: four per core, at least 8.
    public static var defaultPool: Int { max(8, 4 * System.coreCount) }
    /// The largest `--pool`.
    public static let maximumPool = 1000

    public init(file: String = "db.json") { self.file = file }

    /// What the data is called on the index page and in log lines: the file, or the database without password.
    public var dataName: String {
        switch store {
        case .file: file
        case .postgres(let location): location.redacted
        }
    }
}

/// Where `api serve --mock` keeps its data (`--store`).
public enum StoreLocation: Sendable, Equatable {
    /// The JSON file (FILE, or `file:PATH`).
    case file
    /// A PostgreSQL database shared by every server on it.
    case postgres(PostgresLocation)
}
