import Client
import JSON
import Testing

@Suite struct RequestItemParserTests {
    /// Item text → what it means: every row of the issue's ITEMS table and the precedence and escape cases.
    static let rows: [(String, RequestItem.Kind)] = [
        // Name:Value headers
        ("Accept:application/json", .header(name: "Accept", value: "application/json")),
        ("X-API-Key:abc123", .header(name: "X-API-Key", value: "abc123")),
        ("X-A: spaced value ", .header(name: "X-A", value: "spaced value")),
        ("Host:example.com:8080", .header(name: "Host", value: "example.com:8080")),
        ("Cookie:a=b;c=d", .header(name: "Cookie", value: "a=b;c=d")),
        ("Referer:http://x/?a==b&c@d", .header(name: "Referer", value: "http://x/?a==b&c@d")),
        ("a:b=c", .header(name: "a", value: "b=c")),
        ("X-Weird:\\=x", .header(name: "X-Weird", value: "=x")),
        // Name: removes, Name; sends empty
        ("User-Agent:", .headerRemoved(name: "User-Agent")),
        ("X-Empty;", .headerEmpty(name: "X-Empty")),
        ("X-Empty: ", .header(name: "X-Empty", value: "")),
        // key==value query parameters
        ("url==http://x", .query(key: "url", value: "http://x")),
        ("q==a b", .query(key: "q", value: "a b")),
        ("q==", .query(key: "q", value: "")),
        ("q===x", .query(key: "q", value: "=x")),
        ("a==b:=c", .query(key: "a", value: "b:=c")),
        ("search==name:alice", .query(key: "search", value: "name:alice")),
        ("k\\=1==v", .query(key: "k=1", value: "v")),
        ("ключ==значение", .query(key: "ключ", value: "значение")),
        // key=value string fields
        ("name=alice", .dataString(key: "name", value: "alice")),
        ("name=", .dataString(key: "name", value: "")),
        ("=value", .dataString(key: "", value: "value")),
        ("email=a@b.c", .dataString(key: "email", value: "a@b.c")),
        ("a=b=c", .dataString(key: "a", value: "b=c")),
        ("a=b:c", .dataString(key: "a", value: "b:c")),
        ("a=b\\=c", .dataString(key: "a", value: "b=c")),
        ("a\\=b=c", .dataString(key: "a=b", value: "c")),
        ("path\\:x=1", .dataString(key: "path:x", value: "1")),
        ("name\\@x=y", .dataString(key: "name@x", value: "y")),
        ("semi\\;colon=1", .dataString(key: "semi;colon", value: "1")),
        ("a\\\\=b", .dataString(key: "a\\\\", value: "b")),
        ("back\\slash=x\\y", .dataString(key: "back\\slash", value: "x\\y")),
        ("trailing=x\\", .dataString(key: "trailing", value: "x\\")),
        ("naïve=café", .dataString(key: "naïve", value: "café")),
        ("日本=語", .dataString(key: "日本", value: "語")),
        ("emoji😀=👍🏽", .dataString(key: "emoji😀", value: "👍🏽")),
        ("a b=c d", .dataString(key: "a b", value: "c d")),
        // nested paths keep their brackets in the key
        ("a[b][0]=x", .dataString(key: "a[b][0]", value: "x")),
        ("tags[]=x", .dataString(key: "tags[]", value: "x")),
        ("[]:=1", .dataJSON(key: "[]", value: 1)),
        ("[0][k]=v", .dataString(key: "[0][k]", value: "v")),
        ("a\\[b\\]=1", .dataString(key: "a\\[b\\]", value: "1")),
        // key:=json raw JSON fields
        ("age:=30", .dataJSON(key: "age", value: 30)),
        ("ok:=true", .dataJSON(key: "ok", value: true)),
        ("nothing:=null", .dataJSON(key: "nothing", value: nil)),
        ("price:=1.50", .dataJSON(key: "price", value: number("1.50"))),
        ("big:=12345678901234567890", .dataJSON(key: "big", value: number("12345678901234567890"))),
        ("s:=\"x=y\"", .dataJSON(key: "s", value: "x=y")),
        ("list:=[1, \"a\", null]", .dataJSON(key: "list", value: [1, "a", nil])),
        ("obj:={\"b\": 1, \"a\": {\"c\": [true]}}", .dataJSON(key: "obj", value: ["b": 1, "a": ["c": [true]]])),
        (" spaced :=  7 ", .dataJSON(key: " spaced ", value: 7)),
        (":=1", .dataJSON(key: "", value: 1)),
        // key@file uploads
        ("file@photo.png", .fileUpload(FileUpload(fieldName: "file", path: "photo.png"))),
        (
            "file@photo.png;type=image/webp",
            .fileUpload(FileUpload(fieldName: "file", path: "photo.png", explicitContentType: "image/webp"))
        ),
        ("doc@dir/report.final.PDF", .fileUpload(FileUpload(fieldName: "doc", path: "dir/report.final.PDF"))),
        ("a@b=c", .fileUpload(FileUpload(fieldName: "a", path: "b=c"))),
        ("f@x;type=", .fileUpload(FileUpload(fieldName: "f", path: "x"))),
        ("f\\@g@x", .fileUpload(FileUpload(fieldName: "f@g", path: "x"))),
    ]

    @Test(arguments: rows)
    func parsesItem(text: String, expected: RequestItem.Kind) throws {
        let item = try memoryParser().parse(text, index: 3)
        #expect(item.kind == expected)
        #expect(item.text == text)
        #expect(item.index == 3)
    }

    /// The separator that splits each item: earliest position first, then the longest.
    @Test(arguments: [
        ("H:v", RequestItemSeparator.header),
        ("H;", .headerEmpty),
        ("H:@f", .headerFromFile),
        ("k==v", .query),
        ("k==@f", .queryFromFile),
        ("k=v", .dataString),
        ("k=@f", .dataStringFromFile),
        ("k:=1", .dataJSON),
        ("k:=@f", .dataJSONFromFile),
        ("k@f", .fileUpload),
        ("k=v:=w", .dataString),
        ("k:v==w", .header),
        ("k=@f:=@g", .dataStringFromFile),
        ("k\\:=@f", .dataStringFromFile),
        ("k\\==v", .dataString),
    ])
    func choosesSeparator(text: String, separator: RequestItemSeparator) throws {
        let files = ["f": "1", "f:=@g": "1"]
        #expect(try memoryParser(files).parse(text, index: 0).separator == separator)
    }

    @Test func uploadContentTypes() throws {
        func upload(_ text: String) throws -> FileUpload {
            guard case .fileUpload(let upload) = try memoryParser().parse(text, index: 0).kind else {
                Issue.record("\(text) is not an upload")
                return FileUpload(fieldName: "", path: "")
            }
            return upload
        }
        #expect(try upload("f@a/b/photo.png").contentType == "image/png")
        #expect(try upload("f@a/b/photo.png").fileName == "photo.png")
        #expect(try upload("f@data.JSON").contentType == "application/json")
        #expect(try upload("f@report.final.PDF").contentType == "application/pdf")
        #expect(try upload("f@notes.txt").contentType == "text/plain")
        #expect(try upload("f@noext").contentType == "application/octet-stream")
        #expect(try upload("f@.bashrc").contentType == "application/octet-stream")
        #expect(try upload("f@weird.xyz").contentType == "application/octet-stream")
        #expect(try upload("f@photo.png;type=image/x-custom").contentType == "image/x-custom")
    }

    @Test func recognisesItems() {
        #expect(RequestItemParser.isRequestItem("a=1"))
        #expect(RequestItemParser.isRequestItem("Host:x"))
        #expect(!RequestItemParser.isRequestItem("users/1"))
        #expect(!RequestItemParser.isRequestItem("a\\=1"))
    }
}
