import JSON
import Testing

@testable import Client

@Suite struct BatchOutcomeTests {
    static func line(_ outcome: BatchOutcome, index: Int = 0) -> String {
        var out: [UInt8] = []
        outcome.write(index: index, with: JSONWriter(), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func head(_ status: Int = 200, _ headers: [(String, String)]) -> ResponseHead {
        ResponseHead(
            version: "HTTP/1.1", status: status, reason: "", headers: headers.map { (name: $0.0, value: $0.1) })
    }

    static let jsonHead = head(201, [("Content-Type", "application/json; charset=utf-8")])

    @Test func responseLineKeysInOrder() {
        let outcome = BatchOutcome.response(
            head: Self.jsonHead, body: Array("{ \"id\": 7,\n  \"name\": \"ann\" }".utf8), seconds: 0.00312, query: nil)
        #expect(
            Self.line(outcome, index: 3)
                == #"{"index":3,"status":201,"headers":{"content-type":"application/json; charset=utf-8"},"#
                + #""body":{"id":7,"name":"ann"},"time_ms":3.1}"# + "\n")
    }

    /// Content type, body bytes → the `body` value written.
    static let bodies: [(String?, String, String)] = [
        ("application/json", #"[1, 2]"#, "[1,2]"),
        ("application/problem+json", #"{"title":"x"}"#, #"{"title":"x"}"#),
        ("application/json", "not json", #""not json""#),
        ("text/plain", #"{"a":1}"#, #""{\"a\":1}""#),
        (nil, "plain\ttext", #""plain\ttext""#),
        ("application/json", "", "null"),
        ("text/html", "", "null"),
    ]

    @Test(arguments: bodies)
    func bodyIsJSONOnlyWhenTheResponseSaysSo(_ type: String?, _ body: String, _ written: String) {
        let head = Self.head(200, type.map { [("Content-Type", $0)] } ?? [])
        let outcome = BatchOutcome.response(head: head, body: Array(body.utf8), seconds: 0, query: nil)
        guard case .response(_, _, let value, _) = outcome else {
            Issue.record("expected a response outcome, got \(outcome)")
            return
        }
        #expect(value.compactString == written)
    }

    /// Query, JSON body → the `body` value written: one result as is, none or several as an array.
    static let queries: [(String, String, String)] = [
        (".name", #"{"name":"ann"}"#, #""ann""#),
        (".[] | .id", #"[{"id":1},{"id":2}]"#, "[1,2]"),
        (".[] | .id", #"[{"id":1}]"#, "1"),
        ("[.[] | .id]", #"[{"id":1}]"#, "[1]"),
        (".[] | select(.id > 5)", #"[{"id":1}]"#, "[]"),
        (".a", "{\"a\":1}\n{\"a\":2}\n", "[1,2]"),
    ]

    @Test(arguments: queries)
    func queryResultsReplaceTheBody(_ expression: String, _ body: String, _ written: String) throws {
        let outcome = BatchOutcome.response(
            head: Self.jsonHead, body: Array(body.utf8), seconds: 0, query: try Query(expression))
        guard case .response(_, _, let value, _) = outcome else {
            Issue.record("expected a response outcome, got \(outcome)")
            return
        }
        #expect(value.compactString == written)
    }

    @Test func failedQueryIsTheLinesError() throws {
        let outcome = BatchOutcome.response(
            head: Self.head(200, []), body: Array("text".utf8), seconds: 0.002, query: try Query(".a"))
        let line = Self.line(outcome)
        let start = #"{"index":0,"status":200,"headers":{},"error":"--query: Cannot index string with string "#
        #expect(line.hasPrefix(start))
        #expect(line.hasSuffix(#","time_ms":2}"# + "\n"))
        #expect(outcome.exitStatus(okStatuses: [], ignoreStatus: false) == .usage)
    }

    @Test func headerNamesLowerCasedRepeatsJoinedCookiesArrays() {
        let object = BatchOutcome.headerObject([
            ("Content-Type", "text/plain"), ("Vary", "Accept"), ("vary", "Origin"), ("Set-Cookie", "a=1"),
            ("X-One", "1"), ("set-cookie", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"),
        ])
        #expect(
            JSONValue.object(object).compactString
                == #"{"content-type":"text/plain","vary":"Accept, Origin","set-cookie":["a=1","#
                + #""b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"],"x-one":"1"}"#)
        #expect(BatchOutcome.headerObject([("Set-Cookie", "a=1")])["set-cookie"] == .array(["a=1"]))
    }

    @Test func failureAndInvalidSpecLines() {
        #expect(
            Self.line(.failed(.transport("Failed to connect to 127.0.0.1 port 9: Connection refused")), index: 3)
                == #"{"index":3,"error":"failed to connect to 127.0.0.1 port 9: Connection refused"}"# + "\n")
        #expect(
            Self.line(.failed(.timeout("Operation timed out after 100 milliseconds")), index: 1)
                == #"{"index":1,"error":"timed out: operation timed out after 100 milliseconds"}"# + "\n")
        let spec = BatchSpecError(line: 4, message: #"missing "url""#)
        #expect(
            Self.line(.invalidSpec(spec), index: 2) == #"{"index":2,"line":4,"error":"line 4: missing \"url\""}"# + "\n"
        )
    }

    /// Outcome → exit status (and --ok / --ignore-status).
    @Test func exitStatuses() {
        func response(_ status: Int) -> BatchOutcome {
            .response(status: status, headers: [:], body: .null, milliseconds: 0)
        }
        #expect(response(204).exitStatus(okStatuses: [], ignoreStatus: false) == .success)
        #expect(response(302).exitStatus(okStatuses: [], ignoreStatus: false) == .redirection)
        #expect(response(404).exitStatus(okStatuses: [], ignoreStatus: false) == .clientError)
        #expect(response(404).exitStatus(okStatuses: [404], ignoreStatus: false) == .success)
        #expect(response(503).exitStatus(okStatuses: [], ignoreStatus: true) == .success)
        #expect(response(503).exitStatus(okStatuses: [], ignoreStatus: false) == .serverError)
        #expect(BatchOutcome.failed(.timeout("t")).exitStatus(okStatuses: [], ignoreStatus: false) == .timeout)
        #expect(
            BatchOutcome.failed(.transport("t")).exitStatus(okStatuses: [], ignoreStatus: false) == .transportFailure)
        let spec = BatchSpecError(line: 1, message: "x")
        #expect(BatchOutcome.invalidSpec(spec).exitStatus(okStatuses: [], ignoreStatus: true) == .usage)
    }
}
