import Testing

@testable import MockServer

/// `--store postgres://…` parsed into a location; errors name the part and never hold the password.
struct PostgresLocationTests {
    /// Text, then user, password, host, port, database, TLS.
    static let parsed: [(String, String, String?, String, Int, String, PostgresLocation.TLSMode)] = [
        ("postgres://ann@127.0.0.1:5433/shop", "ann", nil, "127.0.0.1", 5433, "shop", .disable),
        ("postgresql://ann:s3cret@localhost/shop", "ann", "s3cret", "localhost", 5432, "shop", .disable),
        ("postgres://ann:p%40ss%3Aword@[::1]:6000/db", "ann", "p@ss:word", "::1", 6000, "db", .disable),
        ("postgres://db.example.com/app", "postgres", nil, "db.example.com", 5432, "app", .require),
        ("postgres://u@db.example.com/app?sslmode=disable", "u", nil, "db.example.com", 5432, "app", .disable),
        ("postgres://u@127.0.0.1/app?sslmode=verify-full", "u", nil, "127.0.0.1", 5432, "app", .require),
        ("postgres://u@127.0.0.1/app?sslmode=prefer", "u", nil, "127.0.0.1", 5432, "app", .prefer),
        ("postgres://u:a@b@127.0.0.1/app", "u", "a@b", "127.0.0.1", 5432, "app", .disable),
    ]

    @Test(arguments: parsed)
    func parses(
        _ text: String, _ user: String, _ password: String?, _ host: String, _ port: Int, _ database: String,
        _ tls: PostgresLocation.TLSMode
    ) throws {
        let location = try PostgresLocation(text)
        #expect(location.user == user)
        #expect(location.password == password)
        #expect(location.host == host)
        #expect(location.port == port)
        #expect(location.database == database)
        #expect(location.tls == tls)
        if let password { #expect(!location.redacted.contains(password)) }
    }

    /// Text, then the start of the message.
    static let refused: [(String, String)] = [
        ("mysql://u@h/db", "expected postgres://"),
        ("postgres://u:secret@127.0.0.1", "missing /DBNAME"),
        ("postgres://u:secret@127.0.0.1/", "missing or bad database name"),
        ("postgres://u:secret@127.0.0.1:0/db", "bad port '0'"),
        ("postgres://u:secret@127.0.0.1:65536/db", "bad port '65536'"),
        ("postgres://u:secret@127.0.0.1:99999999999999999999/db", "bad port"),
        ("postgres://u:secret@127.0.0.1:x/db", "bad port 'x'"),
        ("postgres://u:secret@:5432/db", "missing host"),
        ("postgres://u:secret@[::1/db", "unclosed ["),
        ("postgres://:secret@127.0.0.1/db", "empty user name"),
        ("postgres://u:secret@127.0.0.1/db?sslmode=maybe", "bad sslmode 'maybe'"),
        ("postgres://u:secret@127.0.0.1/db?password=x", "unknown parameter 'password'"),
    ]

    @Test(arguments: refused)
    func isRefused(_ text: String, _ message: String) {
        #expect {
            _ = try PostgresLocation(text)
        } throws: { error in
            let description = (error as? PostgresLocationError)?.description ?? ""
            return description.hasPrefix(message) && !description.contains("secret")
        }
    }

    @Test func redactedShowsNoPassword() throws {
        let location = try PostgresLocation("postgres://ann:hunter2@[::1]:5433/shop")
        #expect(location.redacted == "postgres://ann:***@[::1]:5433/shop")
    }
}
