import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import Testing

@testable import MockServer

private let intMax = "9223372036854775807"
private let intMin = "-9223372036854775808"
private let pastInt = "99999999999999999999"

/// Numbers that come with a request (query string, body ids) must never trap the server: each request answers,
/// and the server answers the next one.
struct RouteNumberTests {
    @Test(arguments: [
        "_per_page=\(intMax)", "_page=2&_per_page=\(intMax)", "_page=\(intMax)&_per_page=\(intMax)",
        "_page=\(intMin)&_per_page=\(intMin)", "_page=3&_limit=\(intMax)", "_page=\(intMax)&_limit=\(intMax)",
        "_start=1&_limit=\(intMax)", "_start=\(intMax)&_limit=\(intMax)", "_start=1&_end=\(intMax)",
        "_per_page=\(pastInt)", "_page=-\(pastInt)", "_start=\(pastInt)&_limit=\(pastInt)",
    ])
    func extremePaginationAnswers(query: String) async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users?" + query, method: .get)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[HTTPField.Name("X-Total-Count")!] == "3")
            let after = try await client.execute(uri: "/users/1", method: .get)
            #expect(after.status == .ok)
        }
    }

    @Test func hugePageSizeLinksStayInRange() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users?_page=\(intMax)&_per_page=1", method: .get)
            #expect(response.json?["data"] == [["id": 3, "name": "Alan", "city": "London"]])
            let link = try #require(response.headers[HTTPField.Name("Link")!])
            #expect(link.contains("_page=3&_per_page=1>; rel=\"last\""), "\(link)")
            #expect(link.contains("_page=2&_per_page=1>; rel=\"prev\""), "\(link)")
        }
    }

    @Test(arguments: [
        ("_page=abc", "_page must be an integer, got 'abc'"),
        ("_per_page=2.5", "_per_page must be an integer, got '2.5'"),
        ("_start=-\(pastInt)", "_start must be a non-negative integer, got '-\(pastInt)'"),
        ("_limit=\(intMin)", "_limit must be a non-negative integer, got '\(intMin)'"),
    ])
    func junkNumbersAre400NamingTheParameter(query: String, message: String) async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/users?" + query, method: .get)
            #expect(response.status == .badRequest)
            #expect(response.json == ["error": .string(message)])
        }
    }

    /// The id stored in the file → the id `POST {}` then gets (as JSON: a number, or a string after a string of digits;
    /// nil for a random string id). Loading the
    /// file is what a restart does, so this also covers a largest id saved by an earlier run.
    @Test(
        arguments: [
            (intMax, nil), ("9223372036854775806", intMax), ("9223372036854775808", nil), (intMin, "1"), ("-5", "1"),
            ("-0", "1"), ("-0.0", "1"), ("1.0", "2"), ("1.5", nil), ("1e400", nil), ("-1e400", nil), ("1e300", nil),
            ("1e14", "100000000000001"), ("\"\(intMax)\"", nil), ("\"7\"", "\"8\""), ("\"abc\"", nil),
        ] as [(String, String?)])
    func newIDAfterStoredID(stored: String, expected: String?) async throws {
        let db = #"{"items": [{"id": \#(stored)}]}"#
        try await withMockServer(db) { client, _ in
            let response = try await client.execute(uri: "/items", method: .post, body: jsonBody("{}"))
            #expect(response.status == .created, "\(response.text)")
            let id = try #require(response.json?["id"])
            if let expected {
                #expect(id == (try JSON.parse(expected)))
            } else {
                let text = try #require(id.stringValue, "\(id)")
                #expect(text.count == 8)
                #expect(response.headers[.location] == "/items/" + text)
            }
            #expect(try await client.execute(uri: "/items", method: .get).json?.arrayValue?.count == 2)
        }
    }

    @Test func postAfterTheLargestIntegerIDGoesOnWithStringIDs() async throws {
        try await withMockServer(#"{"items": []}"#) { client, _ in
            let largest = try await client.execute(uri: "/items", method: .post, body: jsonBody(#"{"id": \#(intMax)}"#))
            #expect(largest.headers[.location] == "/items/" + intMax)
            var seen: Set<String> = []
            for _ in 0..<3 {
                let next = try await client.execute(uri: "/items", method: .post, body: jsonBody("{}"))
                #expect(next.status == .created)
                seen.insert(try #require(next.json?["id"]?.stringValue))
            }
            #expect(seen.count == 3)
            #expect(try await client.execute(uri: "/items/" + intMax, method: .get).status == .ok)
        }
    }

    /// Ids given in the body are stored as written and found by their key (the path segment).
    @Test(arguments: [
        ("1e400", "1e400"), ("-1e400", "-1e400"), ("-0", "0"), ("-0.0", "0"), ("1.5", "1.5"), ("-7", "-7"),
        ("1e300", "1e300"), (pastInt, pastInt), (intMin, intMin), ("2.0", "2"),
    ])
    func givenIDsAreFoundByTheirKey(literal: String, key: String) async throws {
        try await withMockServer(#"{"items": []}"#) { client, _ in
            let created = try await client.execute(
                uri: "/items", method: .post, body: jsonBody(#"{"id": \#(literal), "n": 1}"#))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.location] == "/items/" + key)
            let found = try await client.execute(uri: "/items/" + key, method: .get)
            #expect(found.status == .ok)
            #expect(found.json?["id"] == .number(JSONNumber(literal: literal)))
            let patched = try await client.execute(uri: "/items/" + key, method: .patch, body: jsonBody(#"{"n": 2}"#))
            #expect(patched.json?["n"] == 2)
            #expect(try await client.execute(uri: "/items/" + key, method: .delete).status == .ok)
        }
    }
}

/// `db` and `__…` are names the server routes itself: writes to them are refused, and `GET /db` stays the database.
struct ReservedNameRouteTests {
    @Test(arguments: [
        (HTTPRequest.Method.post, "/db", 405), (.put, "/db", 405), (.patch, "/db", 405), (.delete, "/db", 405),
        (.put, "/db/1", 405), (.delete, "/db/1", 405), (.post, "/__rules", 403), (.put, "/__rules", 403),
        (.patch, "/__anything/1", 403),
    ])
    func writesAreRefused(method: HTTPRequest.Method, uri: String, status: Int) async throws {
        try await withMockServer { client, directory in
            let response = try await client.execute(uri: uri, method: method, body: jsonBody(#"{"name": "x"}"#))
            #expect(response.status.code == status, "\(response.text)")
            let name = String(uri.dropFirst().prefix { $0 != "/" })
            #expect(response.json?["error"]?.stringValue?.hasPrefix("'\(name)' is a reserved name") == true)
            #expect(directory.read("db.json") == routeDemo, "the file is untouched")
            let whole = try await client.execute(uri: "/db", method: .get)
            #expect(whole.json == (try JSON.parse(routeDemo)))
        }
    }

    /// `/__api/` is the server's own (`AdminRoutes`): a write there is its 405 or 404, never a new collection.
    @Test(arguments: [
        (HTTPRequest.Method.post, "/__api", 405), (.post, "/__api/requests", 405), (.put, "/__api/x", 404),
    ])
    func adminPrefixIsNeverACollection(method: HTTPRequest.Method, uri: String, status: Int) async throws {
        try await withMockServer { client, directory in
            let response = try await client.execute(uri: uri, method: method, body: jsonBody(#"{"name": "x"}"#))
            #expect(response.status.code == status, "\(response.text)")
            #expect(directory.read("db.json") == routeDemo, "the file is untouched")
        }
    }

    @Test func dbInTheFileDoesNotHideTheWholeDatabase() async throws {
        let db = #"{"db": [{"id": 1}], "users": []}"#
        try await withMockServer(db) { client, _ in
            let whole = try await client.execute(uri: "/db", method: .get)
            #expect(whole.json == (try JSON.parse(db)))
        }
    }

    @Test func namesThatOnlyLookReservedAreWritable() async throws {
        try await withMockServer { client, _ in
            let response = try await client.execute(uri: "/dbs", method: .post, body: jsonBody("{}"))
            #expect(response.status == .created)
            let underscored = try await client.execute(uri: "/_x", method: .post, body: jsonBody("{}"))
            #expect(underscored.status == .created)
        }
    }
}
