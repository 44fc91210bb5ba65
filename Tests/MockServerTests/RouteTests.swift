import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import Testing

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#endif

let routeDemo = """
    {
      "users": [
        { "id": 1, "name": "Ada", "city": "London" },
        { "id": 2, "name": "Grace", "city": "New York" },
        { "id": 3, "name": "Alan", "city": "London" }
      ],
      "posts": [
        { "id": 1, "userId": 1, "title": "Notes" },
        { "id": 2, "userId": "2", "title": "Compilers" }
      ],
      "comments": [
        { "id": 1, "postId": 1, "body": "first" },
        { "id": 2, "postId": 2, "body": "second" }
      ],
      "profile": { "name": "demo" }
    }
    """

/// Runs `test` against an in-process server (requests go straight to the responder) over a fresh copy of `db`.
func withMockServer(
    _ db: String = routeDemo,
    configure: (inout MockServerOptions) -> Void = { _ in },
    _ test: @escaping @Sendable (any TestClientProtocol, TemporaryDirectory) async throws -> Void
) async throws {
    let directory = TemporaryDirectory()
    directory.write("db.json", db)
    var options = MockServerOptions(file: directory.file("db.json"))
    configure(&options)
    let store = try JSONFileStore(path: options.file)
    let app = makeMockApplication(store: store, options: options, log: nil)
    try await app.test(.router) { client in try await test(client, directory) }
}

extension TestResponse {
    var json: JSONValue? { try? JSON.parse(Array(body.readableBytesView)) }
    var text: String { String(buffer: body) }
}

func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

struct ReadRouteTests {
    @Test func collection() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[HTTPField.Name("X-Total-Count")!] == "3")
            #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
            #expect(response.json?.arrayValue?.count == 3)
            #expect(response.text.hasPrefix("[\n  {\n    \"id\": 1,\n    \"name\": \"Ada\""))
        }
    }

    @Test func item() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users/2", method: .get)
            #expect(response.status == .ok)
            #expect(response.json == ["id": 2, "name": "Grace", "city": "New York"])
            #expect(response.headers[.eTag] != nil)
        }
    }

    @Test(arguments: ["/users/99", "/nothing", "/nothing/1", "/users/1/extra", "/profile/1"])
    func notFound(uri: String) async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound)
            #expect(response.json == ["error": "Not Found"])
        }
    }

    @Test func singularResource() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/profile", method: .get)
            #expect(response.status == .ok)
            #expect(response.json == ["name": "demo"])
            #expect(response.headers[HTTPField.Name("X-Total-Count")!] == nil)
        }
    }

    @Test func filteredCollectionCountsMatches() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users?city=London&_sort=-name", method: .get)
            #expect(
                response.json == [
                    ["id": 3, "name": "Alan", "city": "London"], ["id": 1, "name": "Ada", "city": "London"],
                ])
            #expect(response.headers[HTTPField.Name("X-Total-Count")!] == "2")
            let typed = try await client.execute(uri: "/posts?userId=2", method: .get)
            #expect(typed.json?.arrayValue?.count == 1, "?userId=2 matches the string \"2\"")
        }
    }

    @Test func paginationSendsEnvelopeAndLinks() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(
                uri: "/users?_page=2&_per_page=1&city:ne=Paris", method: .get)
            #expect(response.status == .ok)
            #expect(response.json?["data"] == [["id": 2, "name": "Grace", "city": "New York"]])
            #expect(response.json?["prev"] == 1)
            #expect(response.json?["next"] == 3)
            #expect(response.headers[HTTPField.Name("X-Total-Count")!] == "3")
            let link = response.headers[HTTPField.Name("Link")!] ?? ""
            #expect(link.hasPrefix("<http://"))
            #expect(link.contains("/users?_page=1&_per_page=1&city:ne=Paris>; rel=\"first\""))
            #expect(link.contains("_page=1&_per_page=1&city:ne=Paris>; rel=\"prev\""))
            #expect(link.contains("_page=3&_per_page=1&city:ne=Paris>; rel=\"next\""))
            #expect(link.contains("_page=3&_per_page=1&city:ne=Paris>; rel=\"last\""))
        }
    }

    @Test func v0SlicingAndPages() async throws {
        try await withMockServer { client, _ in
            let sliced = try await client.execute(uri: "/users?_start=1&_limit=1", method: .get)
            #expect(sliced.json == [["id": 2, "name": "Grace", "city": "New York"]])
            #expect(sliced.headers[HTTPField.Name("X-Total-Count")!] == "3")
            #expect(sliced.headers[HTTPField.Name("Link")!] == nil)
            let paged = try await client.execute(uri: "/users?_page=3&_limit=1", method: .get)
            #expect(paged.json == [["id": 3, "name": "Alan", "city": "London"]])
            #expect(paged.headers[HTTPField.Name("Link")!]?.contains("_limit=1") == true)
        }
    }

    @Test func embedAndExpand() async throws {
        try await withMockServer { client, _ in
            let post = try await client.execute(uri: "/posts/1?_embed=comments&_expand=user", method: .get)
            #expect(post.json?["comments"] == [["id": 1, "postId": 1, "body": "first"]])
            #expect(post.json?["user"]?["name"] == "Ada")
            let posts = try await client.execute(uri: "/posts?_embed=user", method: .get)
            #expect(posts.json?.arrayValue?[1]["user"]?["name"] == "Grace")
        }
    }

    @Test(arguments: [
        ("/users?_bogus=1", "unknown query parameter '_bogus'"),
        ("/users/1?_bogus=1", "unknown query parameter '_bogus'"),
        ("/users?age:near=1", "unknown operator 'near'"),
        ("/users?_delay=soon", "_delay must be an integer from 0 to 3600000 (milliseconds), got 'soon'"),
        ("/users?_embed=nothing", "cannot embed 'nothing'"),
    ])
    func badQueries(uri: String, message: String) async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest)
            #expect(response.json?["error"]?.stringValue?.hasPrefix(message) == true, "\(response.text)")
        }
    }

    @Test func wholeDatabase() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/db", method: .get)
            #expect(response.json == (try JSON.parse(routeDemo)))
        }
    }

    @Test func indexPageListsResources() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.text.contains("<a href=\"/users\">/users</a> <span>3 items</span>"))
            #expect(response.text.contains("<a href=\"/profile\">/profile</a> <span>object</span>"))
        }
    }

    @Test func headHasHeadersButNoBody() async throws {
        try await withMockServer { client, _ in
            let get = try await client.execute(uri: "/users/1", method: .get)
            let head = try await client.execute(uri: "/users/1", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.eTag] == get.headers[.eTag])
        }
    }
}

struct ConditionalRouteTests {
    @Test(arguments: ["/users/1", "/users", "/profile", "/users?city=London"])
    func ifNoneMatchGives304(uri: String) async throws {
        try await withMockServer { client, _ in
            let first = try await client.execute(uri: uri, method: .get)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let other = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok)
        }
    }

    @Test func etagChangesWhenTheItemChanges() async throws {
        try await withMockServer { client, _ in
            let before = try await client.execute(uri: "/users/1", method: .get).headers[.eTag]
            _ = try await client.execute(uri: "/users/1", method: .patch, body: jsonBody(#"{"age": 36}"#))
            let after = try await client.execute(uri: "/users/1", method: .get).headers[.eTag]
            #expect(before != after)
        }
    }

    @Test(arguments: [HTTPRequest.Method.put, .patch, .delete])
    func ifMatchMismatchGives412(method: HTTPRequest.Method) async throws {
        try await withMockServer { client, directory in
            let etag = try #require(try await client.execute(uri: "/users/1", method: .get).headers[.eTag])
            let stale = try await client.execute(
                uri: "/users/1", method: method, headers: [.ifMatch: "\"0000000000000000\""], body: jsonBody("{}"))
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers[.eTag] == etag)
            #expect(directory.read("db.json") == routeDemo, "the file is untouched")
            let fresh = try await client.execute(
                uri: "/users/1", method: method, headers: [.ifMatch: etag], body: jsonBody(#"{"name": "A"}"#))
            #expect(fresh.status == .ok)
        }
    }
}

struct WriteRouteTests {
    @Test func postCreatesWithLocation() async throws {
        try await withMockServer { client, directory in
            let response = try await client.execute(
                uri: "/users", method: .post, headers: [.contentType: "application/json"],
                body: jsonBody(#"{"name": "Edsger"}"#))
            #expect(response.status == .created)
            #expect(response.headers[.location] == "/users/4")
            #expect(response.json == ["id": 4, "name": "Edsger"])
            #expect(directory.read("db.json.journal")?.contains("Edsger") == true, "journaled before the answer")
        }
    }

    @Test func postToNewNameCreatesCollectionUnlessStrict() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/tags", method: .post, body: jsonBody(#"{"label": "x"}"#))
            #expect(response.status == .created)
            #expect(response.headers[.location] == "/tags/1")
        }
        try await withMockServer(configure: { $0.strict = true }) { client, _ in
            let response = try await client.execute(uri: "/tags", method: .post, body: jsonBody(#"{"label": "x"}"#))
            #expect(response.status == .notFound)
        }
    }

    @Test(arguments: [
        ("{\"name\": }", 400, "invalid JSON in the request body: line 1, column 10: "),
        (" ", 400, "invalid JSON in the request body: line 1, column 2: "),  // an empty body is {} (json-server)
        ("[1, 2]", 400, "Body must be a JSON object"),
        ("\"text\"", 400, "Body must be a JSON object"),
        (#"{"id": 1}"#, 409, "an item with id 1 already exists"),
        (#"{"id": "2"}"#, 409, "an item with id 2 already exists"),
        (#"{"id": {"a": 1}}"#, 400, "id must be a string or a number, not object"),
    ])
    func postErrors(body: String, status: Int, message: String) async throws {
        try await withMockServer { client, directory in
            let response = try await client.execute(uri: "/users", method: .post, body: jsonBody(body))
            #expect(response.status.code == status)
            #expect(response.json?["error"]?.stringValue?.hasPrefix(message) == true, "\(response.text)")
            #expect(directory.read("db.json") == routeDemo)
        }
    }

    @Test func putReplacesAndPatchMerges() async throws {
        try await withMockServer { client, _ in
            let put = try await client.execute(uri: "/users/1", method: .put, body: jsonBody(#"{"name": "A"}"#))
            #expect(put.status == .ok)
            #expect(put.json == ["id": 1, "name": "A"])
            let patch = try await client.execute(uri: "/users/2", method: .patch, body: jsonBody(#"{"age": 85}"#))
            #expect(patch.json == ["id": 2, "name": "Grace", "city": "New York", "age": 85])
            let missing = try await client.execute(uri: "/users/9", method: .put, body: jsonBody("{}"))
            #expect(missing.status == .notFound)
        }
    }

    @Test func singularPutAndPatch() async throws {
        try await withMockServer { client, _ in
            let patch = try await client.execute(uri: "/profile", method: .patch, body: jsonBody(#"{"theme": "dark"}"#))
            #expect(patch.json == ["name": "demo", "theme": "dark"])
            let put = try await client.execute(uri: "/profile", method: .put, body: jsonBody(#"{"name": "new"}"#))
            #expect(put.json == ["name": "new"])
            let onCollection = try await client.execute(uri: "/users", method: .put, body: jsonBody("{}"))
            #expect(onCollection.status == .methodNotAllowed)
        }
    }

    @Test func deleteAnswersTheItemAndKeepsChildrenUnlessDependent() async throws {
        try await withMockServer { client, _ in
            let deleted = try await client.execute(uri: "/posts/1", method: .delete)
            #expect(deleted.status == .ok)
            #expect(deleted.json == ["id": 1, "userId": 1, "title": "Notes"])
            #expect(try await client.execute(uri: "/posts/1", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/comments", method: .get).json?.arrayValue?.count == 2)
            let cascade = try await client.execute(uri: "/posts/2?_dependent=comments", method: .delete)
            #expect(cascade.status == .ok)
            #expect(
                try await client.execute(uri: "/comments", method: .get).json == [
                    ["id": 1, "postId": 1, "body": "first"]
                ])
            #expect(try await client.execute(uri: "/posts/3", method: .delete).status == .notFound)
            #expect(try await client.execute(uri: "/users", method: .delete).status == .methodNotAllowed)
        }
    }

    @Test func readOnlyRefusesWrites() async throws {
        try await withMockServer(configure: { $0.readOnly = true }) { client, directory in
            for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                let uri = method == .post ? "/users" : "/users/1"
                let response = try await client.execute(uri: uri, method: method, body: jsonBody("{}"))
                #expect(response.status == .forbidden)
            }
            #expect(try await client.execute(uri: "/users", method: .get).status == .ok)
            #expect(directory.read("db.json") == routeDemo)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await withMockServer(configure: { $0.maxBodyBytes = 16 }) { client, _ in
            let big = try await client.execute(
                uri: "/users", method: .post, body: jsonBody(#"{"name": "a much longer name"}"#))
            #expect(big.status == .contentTooLarge)
            let small = try await client.execute(uri: "/users", method: .post, body: jsonBody(#"{"n": 1}"#))
            #expect(small.status == .created)
        }
    }

    @Test func invalidHandEditMakesWrites503() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", routeDemo)
        let options = MockServerOptions(file: directory.file("db.json"))
        let store = try JSONFileStore(path: options.file)
        let app = makeMockApplication(store: store, options: options, log: nil)
        try await app.test(.router) { client in
            directory.write("db.json", "{ broken")
            await store.checkForExternalChange()
            let write = try await client.execute(uri: "/users", method: .post, body: jsonBody("{}"))
            #expect(write.status == .serviceUnavailable)
            #expect(write.json?["error"]?.stringValue?.contains("db.json:1:3") == true, "\(write.text)")
            let read = try await client.execute(uri: "/users", method: .get)
            #expect(read.json?.arrayValue?.count == 3)
        }
        #expect(directory.read("db.json") == "{ broken")
    }
}

struct CORSRouteTests {
    @Test func preflight() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(
                uri: "/users", method: .options,
                headers: [
                    .origin: "http://app.test", .accessControlRequestMethod: "PATCH",
                    .accessControlRequestHeaders: "Content-Type, X-Custom",
                ])
            #expect(response.status == .noContent)
            // the Origin is echoed with credentials allowed, as json-server's cors({origin: true, credentials: true})
            #expect(response.headers[.accessControlAllowOrigin] == "http://app.test")
            #expect(response.headers[.accessControlAllowCredentials] == "true")
            #expect(response.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(response.headers[.accessControlAllowHeaders] == "Content-Type, X-Custom")
        }
    }

    @Test func everyResponseCarriesTheOrigin() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users/9", method: .get)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(response.headers[.accessControlExposeHeaders]?.contains("X-Total-Count") == true)
        }
        try await withMockServer(configure: { $0.cors = "https://app.test" }) { client, _ in
            let response = try await client.execute(uri: "/users", method: .get)
            #expect(response.headers[.accessControlAllowOrigin] == "https://app.test")
            #expect(response.headers[.vary] == "Origin")
        }
        try await withMockServer(configure: { $0.cors = nil }) { client, _ in
            let response = try await client.execute(uri: "/users", method: .get)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            let options = try await client.execute(uri: "/users", method: .options)
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] != nil)
        }
    }
}

struct StaticRouteTests {
    private func withStatic(
        _ test: @escaping @Sendable (any TestClientProtocol, TemporaryDirectory) async throws -> Void
    ) async throws {
        let outside = TemporaryDirectory()
        outside.write("secret.txt", "secret")
        let directory = TemporaryDirectory()
        mkdir(directory.file("site"), 0o755)
        mkdir(directory.file("site/docs"), 0o755)
        directory.write("site/hello.txt", "hello")
        directory.write("site/index.html", "<h1>home</h1>")
        directory.write("site/docs/index.html", "<h1>docs</h1>")
        directory.write("secret.txt", "secret")
        symlink(outside.file("secret.txt"), directory.file("site/link.txt"))
        symlink(directory.path, directory.file("site/up"))
        directory.write("db.json", routeDemo)
        var options = MockServerOptions(file: directory.file("db.json"))
        options.staticDirectory = directory.file("site")
        let store = try JSONFileStore(path: options.file)
        let app = makeMockApplication(store: store, options: options, log: nil)
        try await app.test(.router) { client in try await test(client, directory) }
    }

    @Test func servesFilesAndIndex() async throws {
        try await withStatic { client, _ in
            let file = try await client.execute(uri: "/hello.txt", method: .get)
            #expect(file.status == .ok)
            #expect(file.text == "hello")
            #expect(file.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(try await client.execute(uri: "/", method: .get).text == "<h1>home</h1>")
            #expect(try await client.execute(uri: "/docs/", method: .get).text == "<h1>docs</h1>")
            #expect(try await client.execute(uri: "/users/1", method: .get).status == .ok)
        }
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/docs/../../secret.txt",
        "/..%2fsecret.txt", "/link.txt", "/up/secret.txt", "/missing.txt",
    ])
    func pathsThatEscapeAre404(uri: String) async throws {
        try await withStatic { client, _ in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound)
            #expect(!response.text.contains("secret"))
        }
    }
}
