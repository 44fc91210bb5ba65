import Testing

@testable import MockServer

/// Which `Host` values a server on loopback answers (DNS rebinding).
struct HostPolicyTests {
    static let loopback = HostPolicy(listeningOn: "127.0.0.1")

    static let answered: [String?] = [
        nil, "localhost", "localhost:3000", "LocalHost", "localhost.", "app.localhost", "a.b.localhost:80",
        "127.0.0.1", "127.0.0.1:3000", "127.255.255.254:1", "[::1]", "[::1]:3000", "[0:0:0:0:0:0:0:1]:80",
        "[::ffff:127.0.0.1]",
    ]

    static let refused: [String] = [
        "", "evil.example", "evil.example:3000", "127.0.0.1.evil.example", "localhost.evil", "evillocalhost",
        "128.0.0.1", "1.2.3.4", "[::2]", "[::1", "::1", "[::1]x", "localhost:x", "localhost:3000:1", "0.0.0.0",
        "127.1", "0x7f.0.0.1",
    ]

    @Test(arguments: answered)
    func answersLoopbackNames(host: String?) {
        #expect(Self.loopback.allows(host))
    }

    @Test(arguments: refused)
    func refusesOtherNames(host: String) {
        #expect(!Self.loopback.allows(host))
    }

    @Test func answersItsOwnHostName() {
        let policy = HostPolicy(enforced: true, ownName: "myapp.test")
        #expect(policy.allows("myapp.test:3000"))
        #expect(policy.allows("MyApp.Test"))
        #expect(!policy.allows("other.test"))
    }

    @Test func answersAnyHostBeyondLoopback() {
        #expect(!listensOnLoopback("0.0.0.0"))
        #expect(!listensOnLoopback("::"))
        #expect(HostPolicy(listeningOn: "0.0.0.0").allows("evil.example"))
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
    func loopbackAddresses(host: String) {
        #expect(listensOnLoopback(host))
        #expect(!HostPolicy(listeningOn: host).allows("evil.example"))
    }
}
