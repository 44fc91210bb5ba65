import Client
import Testing

@testable import CLI

#if canImport(Glibc)
    import Glibc
#endif

/// The request the command line builds, compared with what HTTPie 3.2.4 sends for the same arguments
/// (`http --offline`): one row per difference issue 13 found, and its neighbours.
@Suite struct HTTPieRequestTests {
    /// The request `api ARGUMENTS` would send (stdin a terminal, no config file).
    func request(_ arguments: [String]) throws -> Request {
        let environment = Environment(arguments: arguments)
        let parsed = try ArgumentParser().parse(arguments)
        let options = try ClientOptions(parsed)
        let profile = try ProfileContext.load(environment, profile: options.profile)
        return try RequestBuilder(environment: environment, options: options, profile: profile).build(
            method: parsed.positionals[0].uppercased(), target: parsed.positionals[1],
            items: Array(parsed.positionals.dropFirst(2)), firstItemIndex: 3)
    }

    /// The usage error `api ARGUMENTS` stops with, or nil.
    func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try request(arguments)
            return nil
        } catch let error as UsageError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    static let urls: [(String, String)] = [
        ("example.com/ü/%41", "http://example.com/%C3%BC/A"),
        ("example.com/a%2fb/./x/../y", "http://example.com/a%2Fb/y"),
        ("example.com/a b/../c", "http://example.com/c"),
        ("http://example.com/a/./b/../../../c", "http://example.com/c"),
        ("example.com/a/%2e%2e/b", "http://example.com/a/../b"),
        ("example.com/x?q=ü%41&r=a b", "http://example.com/x?q=%C3%BCA&r=a%20b"),
        ("example.com/100%", "http://example.com/100%25"),
        ("://host/x", "http://host/x"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("example.com/x#frag", "http://example.com/x"),
    ]

    @Test(arguments: urls)
    func urlIsNormalisedAsHTTPieSendsIt(_ target: String, _ expected: String) throws {
        #expect(try request(["get", target]).url.string() == expected)
    }

    static let refusedTargets: [(String, String)] = [
        ("::1", "bad target '::1': bad host '::1' (an IPv6 address goes in brackets: http://[::1]:3000/)"),
        ("http://example.com:99999/", "bad target 'http://example.com:99999/': bad port '99999': expected 0 to 65535"),
        ("http:///x", "bad target 'http:///x': 'http:///x' has no host"),
    ]

    @Test(arguments: refusedTargets)
    func targetsASendRefusesAreRefused(_ target: String, _ message: String) {
        #expect(usageError(["get", target]) == message)
    }

    static let headers: [([String], [String])] = [
        (["X-A:1", "X-A:2"], ["X-A: 1", "X-A: 2"]),
        (["-H", "X-A: 1", "-H", "X-A: 2"], ["X-A: 1", "X-A: 2"]),
        (["-H", "X-A: 1", "X-A:2", "X-B:3", "X-A:4"], ["X-A: 1", "X-A: 2", "X-A: 4", "X-B: 3"]),
        (["User-Agent:x", "User-Agent:y"], ["User-Agent: x", "User-Agent: y", "Accept: application/json, */*;q=0.5"]),
        (["X-A:1", "X-A:"], ["X-A: (removed)"]),
        (["X-A:", "X-A:2"], ["X-A: 2"]),
    ]

    @Test(arguments: headers)
    func repeatedHeadersAreAllSentInOrder(_ items: [String], _ expected: [String]) throws {
        let sent = try request(["get", "http://h.test/"] + items).headers.map {
            "\($0.name): \($0.value ?? "(removed)")"
        }
        let relevant = sent.filter { line in
            expected.contains { $0.split(separator: ":")[0] == line.split(separator: ":")[0] }
        }
        #expect(relevant == expected)
    }

    static let bodies: [([String], String, String?)] = [
        // `:=` text as given: duplicate keys and number spellings kept.
        (["a:={\"x\":1,\"x\":2}", "b:=1.0", "c:=1e3"], #"{"a":{"x":1,"x":2},"b":1.0,"c":1e3}"#, "application/json"),
        (["a:=  [1, 2]  "], #"{"a":[1, 2]}"#, "application/json"),
        // A later item that writes into a raw value sends the parsed value.
        (["a:={\"x\":1,\"x\":2}", "a[y]=3"], #"{"a":{"x":2,"y":"3"}}"#, "application/json"),
        (["[]:=1", "[]:=2.50"], "[1,2.50]", "application/json"),
        // Split on Unicode scalars: `=` then a combining mark is still the separator.
        (["a\u{301}=1", "b[\u{301}]=2"], "{\"a\u{301}\":\"1\",\"b\":{\"\u{301}\":\"2\"}}", "application/json"),
        (["x=\u{301}"], "{\"x\":\"\u{301}\"}", "application/json"),
        // --form takes raw JSON scalars as text.
        (
            ["--form", "a:=1", "c:=true", "d:=null", "e:=1.50", "s:=\"t\""], "a=1&c=true&d=&e=1.50&s=t",
            "application/x-www-form-urlencoded; charset=utf-8"
        ),
    ]

    @Test(arguments: bodies)
    func bodyIsSentAsGiven(_ items: [String], _ body: String, _ contentType: String?) throws {
        let built = try request(["post", "http://h.test/"] + items)
        #expect(built.body == .bytes(Array(body.utf8)))
        #expect(built.header("content-type") == contentType)
    }

    @Test func formRefusesRawJSONArraysAndObjects() {
        #expect(
            usageError(["post", "http://h.test/", "--form", "b:=[1,2]"])
                == "item 'b:=[1,2]': a raw JSON array (':=') cannot be sent in a form; use '=' for a form field")
    }

    @Test func fileAloneIsTheRawBody() throws {
        let path = "/tmp/httpie-fixture/body.json"
        try writeFile(path, #"{"a":1}"#)
        let built = try request(["post", "http://h.test/", "@" + path])
        #expect(built.body == .file(path: path))
        #expect(built.header("content-type") == "application/json")
        let typed = try request(["put", "http://h.test/", "@\(path);type=text/plain"])
        #expect(typed.body == .file(path: path))
        #expect(typed.header("content-type") == "text/plain")
        #expect(
            usageError(["post", "http://h.test/", "@" + path, "foo=bar"])
                == "item 'foo=bar': cannot be combined with '@\(path)', which sends a file as the whole body")
        #expect(
            usageError(["post", "http://h.test/", "f@" + path, "@" + path])
                == "item 'f@\(path)': cannot be combined with '@\(path)', which sends a file as the whole body")
    }

    static let methods: [(String, Bool)] = [
        ("PROPFIND", true), ("MKCOL", true), ("M-SEARCH", true), ("get", true), ("GET", true),
        ("propfind", false), ("gte", false), ("P(X)", false), ("", false),
    ]

    @Test(arguments: methods)
    func anyUpperCaseTokenIsAMethod(_ word: String, _ isMethod: Bool) {
        let known = OptionTable.methods.contains(word.lowercased())
        #expect((known || RequestMethod.isExtensionMethod(word)) == isMethod)
    }
}

/// Writes a fixture file, creating its folder (`/tmp/httpie-fixture` need not exist yet).
func writeFile(_ path: String, _ text: String) throws {
    #if canImport(Glibc)
        if let slash = path.lastIndex(of: "/") { mkdir(String(path[..<slash]), 0o755) }
        let file = try #require(fopen(path, "w"), "cannot write the fixture \(path)")
        defer { fclose(file) }
        fputs(text, file)
    #endif
}
