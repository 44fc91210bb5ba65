import Testing

@testable import CLI

/// `--paginate` in process against a loopback server: the pages followed (Link header, json-server's envelope,
/// `--next-url`), what is printed (one merged array, `--ndjson` lines, a query on the merged result), and where it
/// stops (`--max-pages`, a loop, an error page).
@Suite struct PaginatorTests {
    typealias Response = PageServer.Response

    static func link(_ target: String) -> [(String, String)] {
        [("Content-Type", "application/json"), ("Link", "<\(target)>; rel=\"next\"")]
    }

    func run(_ server: PageServer, _ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let stdout = MemoryOutput()
        let stderr = MemoryOutput()
        let environment = Environment(arguments: arguments, stdout: stdout, stderr: stderr)
        let status = API.run(environment)
        return (status, stdout.text, stderr.text)
    }

    @Test func linkHeadersAreFollowedAndThePagesMerged() throws {
        let server = try PageServer([
            "/items": Response(headers: Self.link("/items?page=2"), body: "[1,2]"),
            "/items?page=2": Response(headers: Self.link("items?page=3"), body: "[3]"),
            "/items?page=3": Response(body: "[4]"),
        ])
        let result = run(server, ["get", server.url + "/items", "--paginate"])
        #expect(result.status == 0)
        #expect(result.stdout == "[1,2,3,4]\n")
        #expect(server.targets == ["/items", "/items?page=2", "/items?page=3"])
    }

    @Test func theEnvelopeGivesTheNextPage() throws {
        let server = try PageServer([
            "/users?_page=1": Response(body: "{\"next\":2,\"data\":[{\"id\":1}]}"),
            "/users?_page=2": Response(body: "{\"next\":null,\"data\":[{\"id\":2}]}"),
        ])
        let result = run(server, ["get", server.url + "/users?_page=1", "--paginate", "--ndjson"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"id\":1}\n{\"id\":2}\n")
    }

    @Test func theQueryRunsOnTheMergedItems() throws {
        let server = try PageServer([
            "/a": Response(headers: Self.link("/b"), body: "[1,2]"),
            "/b": Response(body: "[3]"),
        ])
        #expect(run(server, ["get", server.url + "/a", "--paginate", "--query", "length"]).stdout == "3\n")
    }

    @Test func nextURLAndItemsPaths() throws {
        let server = try PageServer([
            "/p1": Response(body: "{\"links\":{\"next\":\"/p2\"},\"rows\":[\"a\"]}"),
            "/p2": Response(body: "{\"links\":{},\"rows\":[\"b\"]}"),
        ])
        let result = run(
            server, ["get", server.url + "/p1", "--paginate", "--next-url", ".links.next", "--items", ".rows"])
        #expect(result.stdout == "[\"a\",\"b\"]\n")
    }

    @Test func maxPagesAndLoopsStop() throws {
        let server = try PageServer([
            "/x": Response(headers: Self.link("/y"), body: "[1]"),
            "/y": Response(headers: Self.link("/x"), body: "[2]"),
        ])
        #expect(run(server, ["get", server.url + "/x", "--paginate"]).stdout == "[1,2]\n")
        #expect(run(server, ["get", server.url + "/x", "--paginate", "--max-pages", "1"]).stdout == "[1]\n")
        #expect(server.targets == ["/x", "/y", "/x"])
    }

    @Test func anErrorPageStopsWithItsStatus() throws {
        let server = try PageServer([
            "/ok": Response(headers: Self.link("/gone"), body: "[1]")
        ])
        let result = run(server, ["get", server.url + "/ok", "--paginate"])
        #expect(result.status == 4)
        #expect(result.stdout == "{\"error\":\"Not Found\"}")
        #expect(result.stderr.contains("404 X (GET \(server.url)/gone, page 2)"))
    }

    @Test func aNextLinkThatIsNoURLStopsTheRun() throws {
        let server = try PageServer([
            "/a": Response(headers: Self.link("http://x:99999/b"), body: "[1]")
        ])
        let result = run(server, ["get", server.url + "/a", "--paginate"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr == "api: page 1's next link is not a URL to follow: bad port '99999': expected 0 to 65535\n")
        #expect(server.targets == ["/a"])
    }

    @Test func aPageThatIsNotJSONIsATransportFailure() throws {
        let server = try PageServer(["/t": Response(headers: [("Content-Type", "text/plain")], body: "hello")])
        let result = run(server, ["get", server.url + "/t", "--paginate"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("api: page 1 is not JSON (\(server.url)/t): "))
    }
}
