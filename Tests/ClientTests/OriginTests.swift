import Testing

@testable import Client

@Suite struct OriginTests {
    /// URL → origin as "scheme://host:port", or nil.
    static let rows: [(String, String?)] = [
        ("http://example.com/x", "http://example.com:80"),
        ("HTTP://Example.COM", "http://example.com:80"),
        ("https://example.com?q=1", "https://example.com:443"),
        ("http://example.com:80#top", "http://example.com:80"),
        ("http://127.0.0.1:3000/users", "http://127.0.0.1:3000"),
        ("http://ann:pw@example.com:8080/x", "http://example.com:8080"),
        ("http://a@b@example.com/x", "http://example.com:80"),
        ("http://[::1]:3000/x", "http://[::1]:3000"),
        ("http://[::1]/x", "http://[::1]:80"),
        ("http://[::1", nil),
        ("http://[::1]x/", nil),
        ("http://example.com:99999/", nil),
        ("http://example.com:-1/", nil),
        ("http://example.com:123456789012345678901234567890/", nil),
        ("http:///path", nil),
        ("users/1", nil),
    ]

    /// nil: the URL does not parse, so no request (and no credential) can go to it.
    @Test(arguments: rows)
    func parses(_ url: String, _ origin: String?) {
        #expect((try? RequestURL(parsing: url)).map(Origin.init)?.description == origin)
    }

    @Test func portAndSchemeMakeAnotherOrigin() {
        #expect(Origin("http://localhost:3000/a") != Origin("http://localhost:3001/a"))
        #expect(Origin("http://example.com/") != Origin("https://example.com/"))
        #expect(Origin("http://example.com/") == Origin("http://EXAMPLE.com:80/other"))
        #expect(Origin("https://example.com/") == Origin("https://example.com:443/"))
    }
}

@Suite struct CredentialGuardTests {
    static func request(_ url: RequestURL) -> Request {
        var request = Request(
            method: "GET", url: url,
            headers: [
                HeaderField(name: "Accept", value: "application/json"),
                HeaderField(name: "Authorization", value: "Bearer t"),
                HeaderField(name: "X-Api-Key", value: "k"), HeaderField(name: "X-Team", value: "core"),
                HeaderField(name: "Cookie", value: "s=1"), HeaderField(name: "Content-Length", value: nil),
            ])
        request.options.basicAuth = ("ann", "pw")
        return request
    }

    @Test func keepsCredentialsOnTheirOrigin() {
        var notices: [String] = []
        let guardian = CredentialGuard(credentialsFor: Origin("http://h:1/a"), allowAnyOrigin: false) {
            notices.append($0)
        }
        #expect(guardian.apply(Self.request("http://h:1/b")).headers == Self.request("http://x").headers)
        #expect(notices.isEmpty)
    }

    @Test func dropsThemElsewhereWithOneNoticePerOrigin() {
        var notices: [String] = []
        let guardian = CredentialGuard(
            credentialsFor: Origin("http://h:1/a"), credentialHeaders: ["x-team"], allowAnyOrigin: false
        ) { notices.append($0) }
        let sent = guardian.apply(Self.request("http://h:2/b"))
        #expect(sent.headers.map(\.name) == ["Accept", "Content-Length"])
        #expect(sent.options.basicAuth == nil)
        _ = guardian.apply(Self.request("http://h:2/c"))
        #expect(
            notices == [
                "not sending basic auth, Authorization, X-Api-Key, X-Team, Cookie to http://h:2: "
                    + "credentials go only to http://h:1 (--follow-any-origin sends them anywhere)"
            ])
    }

    @Test func consentSendsThemAnywhere() {
        let guardian = CredentialGuard(credentialsFor: Origin("http://h:1/a"), allowAnyOrigin: true) { _ in }
        #expect(guardian.apply(Self.request("https://other/")).headers == Self.request("http://x").headers)
    }
}
