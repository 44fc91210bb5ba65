import Client
import JSON
import Testing

@Suite struct RequestBodyBuilderTests {
    /// Items → the JSON body they build (nil: no body).
    static let rows: [([String], JSONValue?)] = [
        ([], nil),
        (["Accept:text/plain", "q==1", "X-A;"], nil),
        (["name=alice", "age:=30"], ["name": "alice", "age": 30]),
        (["a[b][0]=x"], ["a": ["b": ["x"]]]),
        (["tags[]=x", "tags[]=y"], ["tags": ["x", "y"]]),
        (["a[2]=x"], ["a": [nil, nil, "x"]]),
        (["a[1]=x", "a[0]=y"], ["a": ["y", "x"]]),
        (["a[3]=x", "a[1]=y"], ["a": [nil, "y", nil, "x"]]),
        (["[]:=1", "[]:=2"], [1, 2]),
        (["[0][k]=v", "[1][k]=w"], [["k": "v"], ["k": "w"]]),
        (["[1]=x"], [nil, "x"]),
        (["[]=x", "[0]=y"], ["y"]),
        (["[][a]=1", "[][b]=2"], [["a": "1"], ["b": "2"]]),
        (["[0][a]=1", "[0][b]=2"], [["a": "1", "b": "2"]]),
        (["a=1", "a=2"], ["a": "2"]),
        (["b=1", "a=2", "b=3"], ["b": "3", "a": "2"]),
        (["=x"], ["": "x"]),
        (["a\\[b\\]=1"], ["a[b]": "1"]),
        (["a:=null", "a[b]=1"], ["a": ["b": "1"]]),
        (["a[0]:=null", "a[0][k]=v"], ["a": [["k": "v"]]]),
        (["a[1][k]=v"], ["a": [nil, ["k": "v"]]]),
        (["a[b]=1", "a[c]:=[1]"], ["a": ["b": "1", "c": [1]]]),
        (["a:={\"x\": 1}", "a[y]=2"], ["a": ["x": 1, "y": "2"]]),
        (["a:=[1]", "a[]=2", "a[0]:=0"], ["a": [0, "2"]]),
        (["a[b]:=1", "a[b]:=2"], ["a": ["b": 2]]),
        (
            ["user[name]=x", "user[tags][]=a", "user[tags][]=b", "user[address][city]=y", "id:=7"],
            ["user": ["name": "x", "tags": ["a", "b"], "address": ["city": "y"]], "id": 7]
        ),
        (["a[][b]=1", "a[][b]=2"], ["a": [["b": "1"], ["b": "2"]]]),
        (["x=1", "Accept:a/b", "f==2", "y:=true"], ["x": "1", "y": true]),
        (["1=x", "2=y"], ["1": "x", "2": "y"]),
    ]

    @Test(arguments: rows)
    func buildsJSONBody(arguments: [String], expected: JSONValue?) throws {
        #expect(try RequestBodyBuilder.jsonBody(from: parseItems(arguments)) == expected)
    }

    @Test func keepsFieldOrder() throws {
        let body = try RequestBodyBuilder.jsonBody(from: parseItems(["z=1", "a=2", "m[y]=3", "m[b]=4"]))
        #expect(body?.objectValue.map { Array($0.keys) } == ["z", "a", "m"])
        #expect(body?["m"]?.objectValue.map { Array($0.keys) } == ["y", "b"])
    }

    /// Items → the failing item's index, the message and its column: type conflicts name the later item.
    static let conflicts: [([String], Int, String, Int)] = [
        (
            ["a=1", "a[b]=2"], 1,
            "cannot perform 'key' based access on 'a' which has a type of 'string' but this operation requires a type of 'object'",
            1
        ),
        (
            ["a=1", "[]=2"], 1,
            "cannot perform 'append' based access on '' which has a type of 'object' but this operation requires a type of 'array'",
            0
        ),
        (
            ["[]=1", "a=2"], 1,
            "cannot perform 'key' based access on '' which has a type of 'array' but this operation requires a type of 'object'",
            0
        ),
        (
            ["a[b]=1", "a[0]=2"], 1,
            "cannot perform 'index' based access on 'a' which has a type of 'object' but this operation requires a type of 'array'",
            1
        ),
        (
            ["a:=3", "a[]=1"], 1,
            "cannot perform 'append' based access on 'a' which has a type of 'number' but this operation requires a type of 'array'",
            1
        ),
        (
            ["x=0", "a[b][c]=1", "a[b][c][d]=2"], 2,
            "cannot perform 'key' based access on 'a[b][c]' which has a type of 'string' but this operation requires a type of 'object'",
            7
        ),
        (
            ["a[0]:=true", "a[0][k]=v"], 1,
            "cannot perform 'key' based access on 'a[0]' which has a type of 'boolean' but this operation requires a type of 'object'",
            4
        ),
        (
            ["=x", "[0]=y"], 1,
            "cannot perform 'index' based access on '' which has a type of 'object' but this operation requires a type of 'array'",
            0
        ),
    ]

    @Test(arguments: conflicts)
    func reportsTypeConflict(arguments: [String], index: Int, message: String, column: Int) throws {
        let items = try parseItems(arguments)
        let error = requestItemError { _ = try RequestBodyBuilder.jsonBody(from: items) }
        #expect(error == RequestItemError(item: arguments[index], index: index, column: column, message: message))
    }

    @Test func conflictNamesArgumentIndex() throws {
        let items = try parseItems(["a=1", "a[b]=2"], firstIndex: 4)
        let error = requestItemError { _ = try RequestBodyBuilder.jsonBody(from: items) }
        #expect(error?.index == 5)
        #expect(error?.description.hasPrefix("item 'a[b]=2': cannot perform 'key' based access on 'a'") == true)
        #expect(error?.caretLines == "a[b]=2\n ^")
    }

    @Test func formFieldsKeepKeysAsWritten() throws {
        let parser = memoryParser(["bio.txt": "hi\n"])
        let arguments = ["a=1", "bio=@bio.txt", "q==x", "H:v", "up@f.png", "a[b]=2", "k\\=1=v", "c=3"]
        let items = try arguments.enumerated().map { try parser.parse($0.element, index: $0.offset) }
        let fields = RequestBodyBuilder.formFields(from: items)
        #expect(fields.map(\.0) == ["a", "bio", "a[b]", "k=1", "c"])
        #expect(fields.map(\.1) == ["1", "hi\n", "2", "v", "3"])
        #expect(formURLEncodedBody(fields) == "a=1&bio=hi%0A&a%5Bb%5D=2&k%3D1=v&c=3")
    }

    @Test func multipartPartsInOrder() throws {
        let items = try parseItems(["name=x", "doc@dir/a.pdf", "H:v", "img@p.png;type=image/x-test", "n:=1", "z=2"])
        #expect(
            RequestBodyBuilder.multipartParts(from: items) == [
                MultipartPart(name: "name", content: .field("x")),
                MultipartPart(
                    name: "doc", content: .file(path: "dir/a.pdf", fileName: "a.pdf", contentType: "application/pdf")),
                MultipartPart(
                    name: "img", content: .file(path: "p.png", fileName: "p.png", contentType: "image/x-test")),
                MultipartPart(name: "n", content: .field("1")),
                MultipartPart(name: "z", content: .field("2")),
            ])
        #expect(RequestBodyBuilder.hasFileUploads(items))
        #expect(!RequestBodyBuilder.hasFileUploads(try parseItems(["a=1"])))
    }

    /// A form takes raw JSON scalars as text (as HTTPie does), not arrays or objects.
    @Test func formRefusesRawJSONArraysAndObjects() throws {
        #expect(
            requestItemError {
                try RequestBodyBuilder.checkFormItems(try parseItems(["a=1", "q==1", "f@x", "n:=1"]))
            } == nil)
        let items = try parseItems(["a=1", "n:={\"b\":1}"])
        #expect(
            requestItemError { try RequestBodyBuilder.checkFormItems(items) }
                == RequestItemError(
                    item: "n:={\"b\":1}", index: 1, column: 1,
                    message: "a raw JSON object (':=') cannot be sent in a form; use '=' for a form field"))
    }

    @Test func headersAndQueryInOrder() throws {
        let items = try parseItems(["Accept:a/b", "q==1", "User-Agent:", "X-E;", "q==2", "x=1", "Accept:c/d"])
        #expect(
            RequestBodyBuilder.headerFields(from: items) == [
                HeaderField(name: "Accept", value: "a/b"), HeaderField(name: "User-Agent", value: nil),
                HeaderField(name: "X-E", value: ""), HeaderField(name: "Accept", value: "c/d"),
            ])
        let query = RequestBodyBuilder.queryParameters(from: items)
        #expect(query.map(\.0) == ["q", "q"])
        #expect(query.map(\.1) == ["1", "2"])
        #expect(RequestBodyBuilder.hasBodyItems(items))
        #expect(!RequestBodyBuilder.hasBodyItems(try parseItems(["H:v", "q==1"])))
        #expect(RequestBodyBuilder.hasBodyItems(try parseItems(["f@x"])))
    }
}
