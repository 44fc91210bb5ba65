import Testing

@testable import Client

@Suite struct TargetTests {
    static let base = "http://localhost:3000"

    static let rows: [(String, String)] = [
        ("http://example.com/x", "http://example.com/x"),
        ("HTTPS://example.com", "HTTPS://example.com"),
        (":3000/users", "http://localhost:3000/users"),
        (":/users", "http://localhost/users"),
        (":8080", "http://localhost:8080"),
        ("localhost:3000/x", "http://localhost:3000/x"),
        ("localhost/x", "http://localhost/x"),
        ("example.com/x", "http://example.com/x"),
        ("127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/x?y=1"),
        ("host:8080/x", "http://host:8080/x"),
        ("users", "http://localhost:3000/users"),
        ("users/1", "http://localhost:3000/users/1"),
        ("/users?x=1", "http://localhost:3000/users?x=1"),
        ("users:1", "http://users:1"),
        ("users:x", "http://localhost:3000/users:x"),
    ]

    @Test(arguments: rows)
    func resolves(_ target: String, _ url: String) throws {
        #expect(try Target.resolve(target, base: Self.base) == url)
    }

    @Test func joinsBaseWithPath() {
        #expect(Target.join(base: "https://api.test/v1/", path: "/users") == "https://api.test/v1/users")
        #expect(Target.join(base: "https://api.test/v1", path: "users") == "https://api.test/v1/users")
        #expect(Target.join(base: "https://api.test/v1", path: "?page=2") == "https://api.test/v1?page=2")
    }

    @Test func appendsQueryBeforeFragment() {
        let cases: [(RequestURL, [String], String)] = [
            ("http://x/a", ["b=1", "c=2"], "http://x/a?b=1&c=2"),
            ("http://x/a?z=0", ["b=1"], "http://x/a?z=0&b=1"),
            ("http://x/a?z=0&", ["b=1"], "http://x/a?z=0&b=1"),
            ("http://x/a?", ["b=1"], "http://x/a?b=1"),
            ("http://x/a#top", ["b=1"], "http://x/a?b=1#top"),
            ("http://x/a", [], "http://x/a"),
        ]
        for (url, pairs, expected) in cases {
            #expect(url.appendingQuery(pairs).string(withFragment: true) == expected)
        }
    }

    @Test func rejectsBadTargets() {
        #expect(throws: TargetError.empty) { try Target.resolve("", base: Self.base) }
        #expect(throws: TargetError.unsupportedScheme("ftp")) { try Target.resolve("ftp://x/y", base: Self.base) }
        #expect(throws: TargetError.badShorthand(":3000x")) { try Target.resolve(":3000x", base: Self.base) }
    }
}

@Suite struct ExitStatusTests {
    static let rows: [(Int, Client.ExitStatus)] = [
        (200, .success), (201, .success), (204, .success), (101, .success), (301, .redirection), (304, .redirection),
        (400, .clientError), (404, .clientError), (499, .clientError), (500, .serverError), (503, .serverError),
    ]

    @Test(arguments: rows)
    func mapsHTTPStatus(_ status: Int, _ expected: Client.ExitStatus) {
        #expect(Client.ExitStatus.forHTTPStatus(status) == expected)
    }

    @Test func okListAndIgnoreStatus() {
        #expect(Client.ExitStatus.forHTTPStatus(404, okStatuses: [404, 409]) == .success)
        #expect(Client.ExitStatus.forHTTPStatus(410, okStatuses: [404, 409]) == .clientError)
        #expect(Client.ExitStatus.forHTTPStatus(503, ignoreStatus: true) == .success)
    }

    @Test func failuresMapToDocumentedCodes() {
        #expect(Client.ExitStatus.forFailure(.timeout("t")).rawValue == 7)
        #expect(Client.ExitStatus.forFailure(.tooManyRedirects(3)).rawValue == 6)
        #expect(Client.ExitStatus.forFailure(.transport("refused")).rawValue == 1)
        #expect(Client.ExitStatus.interrupted.rawValue == 130)
    }

    @Test func headParserKeepsFinalBlock() {
        var parser = ResponseHeadParser()
        for line in [
            "HTTP/1.1 302 FOUND\r\n", "Location: /get\r\n", "\r\n", "HTTP/1.1 100 Continue\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n", "X-A:  b \r\n", "\r\n",
        ] {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { parser.consume(line: UnsafeRawBufferPointer($0)) }
        }
        #expect(parser.last?.status == 200)
        #expect(parser.last?.header("x-a") == "b")
        #expect(parser.last?.mediaType == "application/json")
        #expect(ResponseHead(version: "HTTP/2", status: 404, reason: "").reason == "Not Found")
    }
}
