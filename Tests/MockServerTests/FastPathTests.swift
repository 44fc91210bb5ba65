import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import Testing

@testable import MockServer

/// The event-loop fast path for `GET /NAME/ID`, over a live server (the in-process router tests skip the channel
/// pipeline it lives in).
struct FastPathTests {
    private func withLiveServer(
        configure: (inout MockServerOptions) -> Void = { _ in },
        _ test: @escaping @Sendable (any TestClientProtocol, JSONFileStore) async throws -> Void
    ) async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", routeDemo)
        var options = MockServerOptions(file: directory.file("db.json"))
        configure(&options)
        let store = try JSONFileStore(path: options.file)
        let app = makeMockApplication(store: store, options: options, log: nil)
        try await app.test(.live) { client in try await test(client, store) }
    }

    /// Headers that must be the same whichever path answered.
    private func comparable(_ headers: HTTPFields) -> [String: String] {
        var result: [String: String] = [:]
        for field in headers where field.name != .date && field.name != .connection {
            result[field.name.canonicalName] = field.value
        }
        return result
    }

    @Test func itemReadIsAnsweredByTheFastPathWithTheRoutesResponse() async throws {
        try await withLiveServer { client, published in
            // An empty query string passes the fast path by: the routes answer it.
            let slow = try await client.execute(uri: "/users/2?", method: .get)
            #expect(published.fastPathHits == 0)
            let fast = try await client.execute(uri: "/users/2", method: .get)
            #expect(published.fastPathHits == 1)
            #expect(fast.status == .ok)
            #expect(fast.body == slow.body)
            #expect(comparable(fast.headers) == comparable(slow.headers))
            #expect(fast.headers[.date] != nil)
            #expect(fast.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test func headAndIfNoneMatch() async throws {
        try await withLiveServer { client, published in
            let etag = try #require(try await client.execute(uri: "/users/1", method: .get).headers[.eTag])
            let head = try await client.execute(uri: "/users/1", method: .head)
            #expect(published.fastPathHits == 2)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let cached = try await client.execute(uri: "/users/1", method: .get, headers: [.ifNoneMatch: etag])
            #expect(published.fastPathHits == 3)
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
        }
    }

    @Test func writesAreSeenImmediately() async throws {
        try await withLiveServer { client, published in
            _ = try await client.execute(uri: "/users/1", method: .get)
            _ = try await client.execute(uri: "/users/1", method: .patch, body: ByteBuffer(string: #"{"age": 36}"#))
            let after = try await client.execute(uri: "/users/1", method: .get)
            #expect(after.json?["age"] == 36)
            _ = try await client.execute(uri: "/users/1", method: .delete)
            let gone = try await client.execute(uri: "/users/1", method: .get)
            #expect(gone.status == .notFound)
            let hitsBefore = published.fastPathHits
            _ = try await client.execute(uri: "/users/1", method: .get)
            #expect(published.fastPathHits == hitsBefore)
        }
    }

    @Test(arguments: ["/users/2?_embed=posts", "/users/%32", "/users/2/", "/users"])
    func otherRequestsPassThrough(uri: String) async throws {
        try await withLiveServer { client, published in
            _ = try await client.execute(uri: "/users/2", method: .get)
            _ = try await client.execute(uri: uri, method: .get)
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .ok)
            #expect(published.fastPathHits == 1, "only the plain /users/2 read")
        }
    }

    @Test func delayTurnsTheFastPathOff() async throws {
        try await withLiveServer(configure: { $0.delayMilliseconds = 1 }) { client, published in
            _ = try await client.execute(uri: "/users/2", method: .get)
            let response = try await client.execute(uri: "/users/2", method: .get)
            #expect(response.status == .ok)
            #expect(published.fastPathHits == 0)
        }
    }

    @Test(arguments: [
        ("/users/1", true), ("/a/b", true), ("/users", false), ("/users/1/x", false), ("/users/", false),
        ("//1", false), ("/users/1?x=1", false), ("/users/%31", false), ("/users/..", false), ("users/1", false),
    ])
    func itemPaths(path: String, fast: Bool) {
        #expect((FastItemHandler.itemPath(path) != nil) == fast)
    }
}
