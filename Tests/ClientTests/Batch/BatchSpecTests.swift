import Testing

@testable import Client

@Suite struct BatchSpecTests {
    static let base = "http://localhost:3000"

    static let valid: [(String, BatchSpec)] = [
        (#"{"url":"users"}"#, BatchSpec(url: "http://localhost:3000/users")),
        (
            #"  {"url":"users/1","method":"delete"}  "#,
            BatchSpec(method: "DELETE", url: "http://localhost:3000/users/1")
        ),
        (
            #"{"method":"POST","url":"users","body":{"name":"ann","tags":[1, 2]}}"#,
            BatchSpec(
                method: "POST", url: "http://localhost:3000/users", body: Array(#"{"name":"ann","tags":[1,2]}"#.utf8),
                bodyType: "application/json")
        ),
        (
            #"{"method":"PUT","url":"notes/1","body":"hello\nworld"}"#,
            BatchSpec(
                method: "PUT", url: "http://localhost:3000/notes/1", body: Array("hello\nworld".utf8),
                bodyType: "text/plain")
        ),
        (
            #"{"url":"x","body":[]}"#,
            BatchSpec(url: "http://localhost:3000/x", body: Array("[]".utf8), bodyType: "application/json")
        ),
        (#"{"url":"x","body":null}"#, BatchSpec(url: "http://localhost:3000/x")),
        (
            #"{"url":"search","query":{"q":"a b","page":2,"all":true,"tag":["x",1.5]}}"#,
            BatchSpec(url: "http://localhost:3000/search?q=a%20b&page=2&all=true&tag=x&tag=1.5")
        ),
        (#"{"url":"/x?y=1#top","query":{"z":"&é"}}"#, BatchSpec(url: "http://localhost:3000/x?y=1&z=%26%C3%A9#top")),
        (#"{"url":"x","query":{}}"#, BatchSpec(url: "http://localhost:3000/x")),
        (
            #"{"url":"x","headers":{"X-N":5,"X-On":false,"Accept":null,"X-Empty":""}}"#,
            BatchSpec(
                url: "http://localhost:3000/x",
                headers: [
                    HeaderField(name: "X-N", value: "5"), HeaderField(name: "X-On", value: "false"),
                    HeaderField(name: "Accept", value: nil), HeaderField(name: "X-Empty", value: ""),
                ])
        ),
        (#"{"url":"https://example.com/a"}"#, BatchSpec(url: "https://example.com/a")),
        (#"{"url":":8080/a"}"#, BatchSpec(url: "http://localhost:8080/a")),
        // Normalised as a one-shot request's URL (HTTPie's rules): dot segments, percent-encoding.
        (#"{"url":"/a/./b/../ü%41"}"#, BatchSpec(url: "http://localhost:3000/a/%C3%BCA")),
    ]

    @Test(arguments: valid)
    func parses(_ line: String, _ expected: BatchSpec) throws {
        #expect(try BatchSpec.parse(line, lineNumber: 1, baseURL: Self.base) == expected)
    }

    static let invalid: [(String, String)] = [
        (#"{"url":"#, "line 4: invalid JSON at column 8: unexpected end of input"),
        (#"{"url":"x",}"#, "line 4: invalid JSON at column 12: unexpected character '}'"),
        (#"{"url":"x"} {}"#, "line 4: invalid JSON at column 13: trailing characters after the value"),
        ("[1]", #"line 4: expected an object such as {"url":"users"}, found an array"#),
        (#""users""#, #"line 4: expected an object such as {"url":"users"}, found a string"#),
        ("{}", #"line 4: missing "url""#),
        (#"{"url":1}"#, #"line 4: "url" must be a string, found number"#),
        (#"{"url":"x","foo":1}"#, #"line 4: unknown key "foo" (expected method, url, headers, query, body)"#),
        (#"{"url":"x","method":1}"#, #"line 4: "method" must be a string, found number"#),
        (#"{"url":"x","method":"GE T"}"#, #"line 4: bad method "GE T": expected a token such as GET or POST"#),
        (#"{"url":"x","method":""}"#, #"line 4: bad method "": expected a token such as GET or POST"#),
        (#"{"url":"x","headers":[]}"#, #"line 4: "headers" must be an object, found array"#),
        (
            #"{"url":"x","headers":{"X":{}}}"#,
            #"line 4: header "X" must be a string, number, boolean or null, found object"#
        ),
        (#"{"url":"x","headers":{"X Y":"1"}}"#, #"line 4: bad header name "X Y""#),
        (#"{"url":"x","headers":{"X":"1\r\nEvil: 2"}}"#, #"line 4: header "X" contains a line break"#),
        (#"{"url":"x","query":"a=1"}"#, #"line 4: "query" must be an object, found string"#),
        (
            #"{"url":"x","query":{"a":null}}"#,
            #"line 4: query parameter "a" must be a string, number, boolean or an array of them, found null"#
        ),
        (
            #"{"url":"x","query":{"a":[[1]]}}"#,
            #"line 4: query parameter "a" must be a string, number, boolean or an array of them, found array"#
        ),
        (#"{"url":"ftp://x"}"#, #"line 4: bad url "ftp://x": unsupported URL scheme 'ftp': use http:// or https://"#),
        (#"{"url":""}"#, #"line 4: bad url "": empty target: give a URL or a path such as users/1"#),
    ]

    @Test(arguments: invalid)
    func rejects(_ line: String, _ message: String) {
        #expect(throws: BatchSpecError.self) { try BatchSpec.parse(line, lineNumber: 4, baseURL: Self.base) }
        do {
            _ = try BatchSpec.parse(line, lineNumber: 4, baseURL: Self.base)
        } catch {
            #expect(error.line == 4)
            #expect(error.description == message)
        }
    }

    @Test func requestLayersDefaultsBodyTypeAndSpecHeaders() throws {
        let spec = try BatchSpec.parse(
            #"{"method":"POST","url":"u","headers":{"accept":"text/csv","X-Team":"core"},"body":{"a":1}}"#,
            lineNumber: 1, baseURL: Self.base)
        var options = TransferOptions()
        options.timeout = 5
        let request = spec.request(
            defaultHeaders: [
                HeaderField(name: "User-Agent", value: "api/1"), HeaderField(name: "Accept", value: "*/*"),
            ],
            options: options)
        #expect(request.method == "POST")
        #expect(request.url == "http://localhost:3000/u")
        #expect(request.body == .bytes(Array(#"{"a":1}"#.utf8)))
        #expect(request.options == options)
        #expect(
            request.headers == [
                HeaderField(name: "User-Agent", value: "api/1"), HeaderField(name: "accept", value: "text/csv"),
                HeaderField(name: "Content-Type", value: "application/json"),
                HeaderField(name: "X-Team", value: "core"),
            ])
    }

    @Test func specContentTypeWinsOverBodyType() throws {
        let spec = try BatchSpec.parse(
            #"{"method":"POST","url":"u","headers":{"content-type":"application/json"},"body":"{\"raw\":1}"}"#,
            lineNumber: 1, baseURL: Self.base)
        let request = spec.request(defaultHeaders: [], options: TransferOptions())
        #expect(request.headers == [HeaderField(name: "content-type", value: "application/json")])
        #expect(request.body == .bytes(Array(#"{"raw":1}"#.utf8)))
    }

    @Test func getWithoutBodyHasNoContentType() throws {
        let request = try BatchSpec.parse(#"{"url":"u"}"#, lineNumber: 1, baseURL: Self.base)
            .request(defaultHeaders: [], options: TransferOptions())
        #expect(request.method == "GET")
        #expect(request.headers.isEmpty)
        #expect(request.body == .none)
    }
}
