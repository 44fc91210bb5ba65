import JSON
import Testing

@testable import Client

@Suite struct PageLinksTests {
    static let linkRows: [(String, String?)] = [
        (#"<http://x/users?_page=2>; rel="next""#, "http://x/users?_page=2"),
        (
            #"<http://x/a?p=1>; rel="first", <http://x/a?p=3>; rel="next", <http://x/a?p=9>; rel="last""#,
            "http://x/a?p=3"
        ),
        (#"</users?page=2>; rel=next"#, "/users?page=2"),
        (#"<http://x/b>; rel="prev next""#, "http://x/b"),
        (#"<http://x/a?p=1>; rel="prev""#, nil),
        ("", nil),
    ]

    @Test(arguments: linkRows)
    func nextFromLinkHeader(_ header: String, _ expected: String?) {
        #expect(PageLinks.next(fromLinkHeader: header) == expected)
    }

    static let resolveRows: [(String, String, String)] = [
        ("http://y/z", "http://x/a/b?c=1", "http://y/z"),
        ("/users?p=2", "http://x:3000/a/b?c=1", "http://x:3000/users?p=2"),
        ("?p=2", "http://x/a/b?c=1", "http://x/a/b?p=2"),
        ("next", "http://x/a/b?c=1", "http://x/a/next"),
        ("//cdn.test/p", "https://x/a", "https://cdn.test/p"),
        ("../c/./d?q=a b", "http://x/a/b/e", "http://x/a/c/d?q=a%20b"),
        ("next", "http://ann:pw@x/a/b", "http://ann:pw@x/a/next"),
        ("/p?x=%41", "http://[::1]:8080/a", "http://[::1]:8080/p?x=A"),
    ]

    /// Resolved, then normalised as every request URL is.
    @Test(arguments: resolveRows)
    func resolvesLinks(_ link: String, _ base: String, _ expected: String) throws {
        #expect(try RequestURL(parsing: base).resolving(link).string() == expected)
    }

    @Test func aLinkThatIsNoURLIsAnError() throws {
        let base = try RequestURL(parsing: "http://x/a")
        #expect(throws: URLParseError.self) { try base.resolving("ftp://x/") }
        #expect(throws: URLParseError.self) { try base.resolving("http://x:99999/") }
        #expect(throws: URLParseError.self) { try base.resolving("//") }
    }

    @Test func envelopeNextReplacesPage() throws {
        let body: JSONValue = ["next": 3, "data": [1, 2]]
        #expect(
            try PageLinks.next(fromEnvelope: body, currentURL: "http://x/users?_page=2&_per_page=10")
                == "http://x/users?_page=3&_per_page=10")
        #expect(try PageLinks.next(fromEnvelope: ["next": nil], currentURL: "http://x/u?_page=2") == nil)
        #expect(try PageLinks.next(fromEnvelope: ["data": []], currentURL: "http://x/u") == nil)
        #expect(try PageLinks.next(fromEnvelope: ["next": 2], currentURL: "http://x/u") == "http://x/u?_page=2")
        #expect(try PageLinks.next(fromEnvelope: ["next": 2], currentURL: "http://x/u?") == "http://x/u?_page=2")
        #expect(
            try PageLinks.next(fromEnvelope: ["next": 4], currentURL: "http://x/u?a=1&_page=3&b")
                == "http://x/u?a=1&_page=4&b")
        #expect(try PageLinks.next(fromEnvelope: ["next": "/v?p=2"], currentURL: "http://x/u") == "http://x/v?p=2")
    }

    @Test func itemsOfAPage() {
        #expect(PageLinks.items(of: [1, 2]) == [1, 2])
        #expect(PageLinks.items(of: ["data": [3], "items": 1]) == [3])
        #expect(PageLinks.items(of: ["id": 1]) == [["id": 1]])
    }
}

@Suite struct RetryPolicyTests {
    @Test(arguments: [
        ("GET", 503, true), ("GET", 429, true), ("GET", 408, true), ("GET", 425, true), ("PUT", 500, true),
        ("DELETE", 504, true), ("GET", 404, false), ("GET", 501, false), ("POST", 503, false), ("PATCH", 503, false),
    ])
    func retryableStatuses(_ method: String, _ status: Int, _ expected: Bool) {
        #expect(RetryPolicy(maxRetries: 3).isRetryable(method: method, status: status, failure: nil) == expected)
    }

    @Test func allMethodsAndFailures() {
        var policy = RetryPolicy(maxRetries: 1, retryAllMethods: true)
        #expect(policy.isRetryable(method: "POST", status: 503, failure: nil))
        policy.retryAllMethods = false
        #expect(policy.isRetryable(method: "GET", status: nil, failure: .timeout("t")))
        #expect(policy.isRetryable(method: "GET", status: nil, failure: .transport("refused")))
        #expect(!policy.isRetryable(method: "GET", status: nil, failure: .tooManyRedirects(3)))
    }

    @Test func backoffIsFullJitterUnderTheCap() {
        let policy = RetryPolicy(maxRetries: 10)
        #expect(policy.delay(attempt: 1, retryAfter: nil) { 0.999 } < 0.5)
        #expect(policy.delay(attempt: 3, retryAfter: nil) { 0.5 } == 1.0)
        #expect(policy.delay(attempt: 20, retryAfter: nil) { 0.5 } == 15)
        #expect(policy.delay(attempt: 2, retryAfter: 7) { 0.1 } == 7)
    }

    @Test func maxTimeBoundsRetries() {
        let policy = RetryPolicy(maxRetries: 5, maxTime: 10)
        #expect(policy.allows(attempt: 1, elapsed: 2, delay: 3))
        #expect(!policy.allows(attempt: 1, elapsed: 8, delay: 3))
        #expect(!RetryPolicy(maxRetries: 2).allows(attempt: 3, elapsed: 0, delay: 0))
    }

    @Test func retryAfterSecondsAndDate() {
        #expect(parseRetryAfter("120", now: 0) == 120)
        let now = 1_445_412_470.0  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 10)
        #expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now + 100) == 0)
        #expect(parseRetryAfter("soon", now: now) == nil)
    }
}

@Suite struct ConfigTests {
    func parse(_ text: String) throws -> Config { try Config.parse(Array(text.utf8), path: "cfg.json") }

    @Test func parsesProfilesInOrder() throws {
        let config = try parse(
            #"{"default":"b","profiles":{"b":{"base":"http://b","headers":{"X":"1"},"auth":{"bearer":"$T"},"timeout":5,"retry":2},"a":{}}}"#
        )
        #expect(config.defaultProfile == "b")
        #expect(config.profiles.map(\.name) == ["b", "a"])
        let b = try #require(config.profile(named: "b"))
        #expect(b.base == "http://b" && b.bearer == "$T" && b.timeout == 5 && b.retry == 2)
        #expect(b.headers == [HeaderField(name: "X", value: "1")])
    }

    static let timeoutRange = "seconds from 0 (no limit) to 1000000"
    static let retryRange = "a whole number from 0 to 1000"

    static let errors: [(String, ConfigError)] = [
        (
            "{\n  \"profiles\": [,\n}",
            .invalidJSON(path: "cfg.json", line: 2, column: 16, message: "unexpected character ','")
        ),
        (
            #"{"profiles":{"a":{"timeout":"x"}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.timeout", expected: timeoutRange)
        ),
        (
            #"{"profiles":{"a":{"timeout":1e300}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.timeout", expected: timeoutRange)
        ),
        (
            #"{"profiles":{"a":{"timeout":1e400}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.timeout", expected: timeoutRange)
        ),
        (
            #"{"profiles":{"a":{"timeout":-1}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.timeout", expected: timeoutRange)
        ),
        (
            #"{"profiles":{"a":{"timeout":0.00001}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.timeout", expected: "0 or at least 0.001 seconds")
        ),
        (
            #"{"profiles":{"a":{"retry":1.5}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.retry", expected: retryRange)
        ),
        (
            #"{"profiles":{"a":{"retry":1e300}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.retry", expected: retryRange)
        ),
        (
            #"{"profiles":{"a":{"retry":9223372036854775807}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.retry", expected: retryRange)
        ),
        (
            #"{"profiles":{"a":{"headers":{"X":"a\r\nInjected: 1"}}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.headers.X", expected: "free of CR, LF and NUL")
        ),
        (
            #"{"profiles":{"a":{"headers":{"X: y\r\nZ":"1"}}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.headers.X: y\r\nZ", expected: "named by a header token")
        ),
        (
            #"{"profiles":{"a":{"base":"http://h/\nX: 1"}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.base", expected: "free of CR, LF and NUL")
        ),
        (
            #"{"profiles":{"a":{"auth":{"bearer":"t\u0000"}}}}"#,
            .badSetting(path: "cfg.json", setting: "profiles.a.auth.bearer", expected: "free of CR, LF and NUL")
        ),
        (#"{"default":3}"#, .badSetting(path: "cfg.json", setting: "default", expected: "a string")),
        ("[]", .badSetting(path: "cfg.json", setting: "the top level", expected: "an object")),
    ]

    @Test(arguments: errors)
    func rejectsBadConfig(_ text: String, _ expected: ConfigError) {
        #expect(throws: expected) { try parse(text) }
    }

    @Test func activeProfileAndVariables() throws {
        let config = try parse(#"{"default":"a","profiles":{"a":{},"b":{}}}"#)
        #expect(try config.activeProfile(option: nil, variables: [:])?.name == "a")
        #expect(try config.activeProfile(option: nil, variables: ["API_PROFILE": "b"])?.name == "b")
        #expect(try config.activeProfile(option: "a", variables: ["API_PROFILE": "b"])?.name == "a")
        #expect(throws: ConfigError.unknownProfile(name: "c", path: "cfg.json", known: ["a", "b"])) {
            try config.activeProfile(option: "c", variables: [:])
        }
        #expect(try expandVariable("$TOKEN", variables: ["TOKEN": "s"], setting: "x") == "s")
        #expect(try expandVariable("plain", variables: [:], setting: "x") == "plain")
        #expect(throws: ConfigError.missingVariable(name: "NOPE", setting: "x")) {
            try expandVariable("$NOPE", variables: [:], setting: "x")
        }
    }
}
