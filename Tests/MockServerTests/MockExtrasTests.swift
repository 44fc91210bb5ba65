import JSON
import Testing

@testable import MockServer

/// The pure parts of the mock server's extras: rewrite rules, `_where`, `X-Api-Mock`, `--auth`, JSONP parameters,
/// journal globs, form bodies, schema inference.
struct RewriteRuleTests {
    @Test(arguments: [
        ("/api/*", "/$1", "/api/posts/1", "/posts/1"),
        ("/api/*", "/$1", "/api/posts?id=2", "/posts?id=2"),
        ("/api/*", "/$1", "/API/posts", "/posts"),
        ("/blog/posts/:id/show", "/posts/:id", "/blog/posts/1/show", "/posts/1"),
        ("/blog/posts/:id/show", "/posts/:id", "/blog/posts/1/show/", "/posts/1"),
        (
            "/comments/special/:userId-:body", "/comments/?userId=:userId&body=:body", "/comments/special/1-quux",
            "/comments/?userId=1&body=quux"
        ),
        ("/firstpostwithcomments", "/posts/1?_embed=comments", "/firstpostwithcomments", "/posts/1?_embed=comments"),
        ("/articles\\?_id=:id", "/posts/:id", "/articles?_id=1", "/posts/1"),
        ("/:resource/:id/show", "/:resource/:id", "/users/7/show", "/users/7"),
        ("/a/:x", "/b/$1/:x/:unknown/$9", "/a/1", "/b/1/1/:unknown/$9"),
        ("/api/", "/", "/api", "/"),
    ])
    func rewrites(source: String, target: String, url: String, expected: String) throws {
        #expect(try RewriteRule(source: source, target: target).rewrite(url) == expected)
    }

    @Test(arguments: [
        ("/blog/posts/:id/show", "/blog/posts/1/show?x=1"),  // the query is part of what is matched
        ("/blog/posts/:id/show", "/blog/posts/1/2/show"),  // :id is one segment
        ("/api/", "/api/posts"),
        ("/articles\\?_id=:id", "/articlesX_id=1"),
    ])
    func doesNotMatch(source: String, url: String) throws {
        #expect(try RewriteRule(source: source, target: "/x").rewrite(url) == nil)
    }

    @Test func rulesApplyInOrder() throws {
        let rules = try RewriteRule.rules(fromFileText: Array(#"{"/a/*": "/b/$1", "/b/*": "/c/$1"}"#.utf8), file: "r")
        #expect(RewriteRule.apply(rules, to: "/a/1") == "/c/1")
        #expect(RewriteRule.apply(rules, to: "/z") == "/z")
    }
}

struct WhereClauseTests {
    private let items: [JSONValue] = [
        ["id": 1, "views": 1, "title": "a", "author": ["name": "jo"]],
        ["id": 2, "views": 200, "title": "B"],
        ["id": "3", "views": "7", "done": true],
    ]

    private func ids(_ text: String) throws -> [String] {
        let clause = try WhereClause(json: text)
        return items.filter { clause.matches($0) }.compactMap { $0["id"].flatMap(idKey) }
    }

    @Test(arguments: [
        // item 3's views is the string "7": compared as a string with "100", as the query-string filters do
        (#"{"or":[{"views":{"gt":100}},{"title":{"eq":"a"}}]}"#, ["1", "2", "3"]),
        (#"{"or":[{"views":{"gt":100}},{"title":{"eq":"a"}}],"id":{"ne":3}}"#, ["1", "2"]),
        (#"{"views":{"gte":1,"lt":200}}"#, ["1"]),
        (#"{"views":{"in":[1,200]}}"#, ["1", "2"]),
        (#"{"title":{"startsWith":"b"}}"#, ["2"]),
        (#"{"author":{"name":{"eq":"jo"}}}"#, ["1"]),
        (#"{"author":{"name":"jo"}}"#, ["1"]),
        (#"{"done":true}"#, ["3"]),
        (#"{"id":3}"#, ["3"]),  // type-aware, as the query-string filters
        (#"{"and":[{"views":{"ne":1}},{"title":{"contains":"b"}}]}"#, ["2"]),
        (#"{}"#, ["1", "2", "3"]),
    ])
    func matches(text: String, expected: [String]) throws {
        #expect(try ids(text) == expected)
    }

    @Test(arguments: [
        ("{", "_where is not valid JSON"),
        ("1", "_where must be a JSON object"),
        (#"{"a":{"gt":1,"x":2}}"#, "_where: unknown operator 'x' for 'a'"),
        (#"{"or":{}}"#, "_where: 'or' must be a non-empty list"),
        (#"{"or":[1]}"#, "_where: each member of 'or' must be an object"),
        (#"{"a":[1]}"#, "_where: 'a' is a list"),
        (#"{"a":{"in":[]}}"#, "_where: 'a' in needs at least one value"),
        (#"{"a":{"like":"("}}"#, "invalid regular expression in _where"),
    ])
    func rejects(text: String, messageStart: String) {
        #expect {
            _ = try WhereClause(json: text)
        } throws: { error in
            (error as? CollectionQueryError)?.message.hasPrefix(messageStart) == true
        }
    }
}

struct ForcedFaultTests {
    @Test func directives() throws {
        #expect(try ForcedFault(header: "status=500") == ForcedFault(status: 500))
        #expect(try ForcedFault(header: " delay=200 ; status=503 ") == ForcedFault(status: 503, delayMilliseconds: 200))
        #expect(try ForcedFault(header: "drop").drop)
        #expect(try ForcedFault(header: "") == ForcedFault())
    }

    @Test(arguments: ["status=199", "status=600", "status=", "status=+1", "delay=3600001", "drop=1", "stat", "delay"])
    func rejects(header: String) {
        #expect(throws: ForcedFaultError.self) { try ForcedFault(header: header) }
    }
}

struct RequiredCredentialsTests {
    @Test func parses() {
        #expect(RequiredCredentials("bearer:abc") == .bearer(token: "abc"))
        #expect(RequiredCredentials("Bearer:a:b") == .bearer(token: "a:b"))
        #expect(RequiredCredentials("basic:ada:pa:ss") == .basic(user: "ada", password: "pa:ss"))
        for bad in ["abc", "bearer:", "basic:ada", "basic::x", "basic:ada:", "digest:x", "bearer:a b"] {
            #expect(RequiredCredentials(bad) == nil, "\(bad)")
        }
    }

    @Test func expectedHeaderAndComparison() {
        #expect(
            RequiredCredentials.basic(user: "Aladdin", password: "open sesame").expectedAuthorization
                == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(base64(Array("a".utf8)) == "YQ==" && base64(Array("ab".utf8)) == "YWI=" && base64([]) == "")
        #expect(RequiredCredentials.matches("bearer abc", "Bearer abc"))
        #expect(!RequiredCredentials.matches("Bearer abd", "Bearer abc"))
        #expect(!RequiredCredentials.matches("Bearer abcd", "Bearer abc"))
        #expect(!RequiredCredentials.matches("Basic abc", "Bearer abc"))
    }
}

struct SmallExtrasTests {
    @Test(arguments: [
        ("callback=cb&_=123&a=1", "a=1", "cb"),
        ("_=123", "", nil),
        ("_=abc", "_=abc", nil),
        ("callback=%3Cscript%3E.x", "", "script.x"),
        ("callback=%3C%3E", "", nil),
        ("a=1&b=2", "a=1&b=2", nil),
    ])
    func jsonpParameters(query: String, kept: String, callback: String?) {
        let (rest, name) = JSONP.extract(Substring(query))
        #expect(rest == kept)
        #expect(name == callback)
    }

    @Test(arguments: [
        ("/users*", "/users", true), ("/users*", "/users/1", true), ("/users", "/users/1", false),
        ("*/1", "/users/1", true), ("/u*s/*", "/users/2", true), ("/a*b*c", "/abbc", true), ("/a*c", "/ab", false),
    ])
    func glob(pattern: String, text: String, expected: Bool) {
        #expect(globMatches(pattern, text) == expected)
    }

    @Test func schemaInference() {
        let schema = InferredSchema([
            ["id": 1, "n": 1.5, "tags": ["a"], "o": ["x": true]], ["id": 2, "n": 2, "tags": [], "extra": nil],
        ]).jsonSchema()
        #expect(schema["type"] == "object")
        #expect(schema["required"] == ["id", "n", "tags"])
        #expect(schema["properties"]?["n"] == ["type": "number"])
        #expect(schema["properties"]?["id"] == ["type": "integer"])
        #expect(schema["properties"]?["tags"] == ["type": "array", "items": ["type": "string"]])
        #expect(schema["properties"]?["o"]?["properties"]?["x"] == ["type": "boolean"])
        #expect(schema["properties"]?["extra"] == ["type": "null"])
    }
}
