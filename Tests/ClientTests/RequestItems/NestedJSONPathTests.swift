import Client
import Testing

@Suite struct NestedJSONPathTests {
    typealias C = NestedJSONPath.Component

    /// Data item → the path its key stands for.
    static let rows: [(String, [C])] = [
        ("a=x", [.key("a")]),
        ("=x", [.key("")]),
        ("a[b]=x", [.key("a"), .key("b")]),
        ("a[b][0]=x", [.key("a"), .key("b"), .index(0)]),
        ("tags[]=x", [.key("tags"), .append]),
        ("a[][b]=x", [.key("a"), .append, .key("b")]),
        ("[]:=1", [.append]),
        ("[3]=x", [.index(3)]),
        ("[0][k]=v", [.index(0), .key("k")]),
        ("[][]:=1", [.append, .append]),
        ("a[5]=x", [.key("a"), .index(5)]),
        ("a[+2]=x", [.key("a"), .index(2)]),
        ("a[\\5]=x", [.key("a"), .key("5")]),
        ("a[x\\5]=x", [.key("a"), .key("x\\5")]),
        ("a[\\x]=x", [.key("a"), .key("\\x")]),
        ("1=x", [.key("1")]),
        ("a[b c]=x", [.key("a"), .key("b c")]),
        ("a\\[b\\]=x", [.key("a[b]")]),
        ("a[\\[x\\]]=x", [.key("a"), .key("[x]")]),
        ("a\\\\=x", [.key("a\\")]),
        ("a[\\\\]=x", [.key("a"), .key("\\")]),
        ("a\\=b[c]=x", [.key("a=b"), .key("c")]),
        ("数据[名前][0]:=1", [.key("数据"), .key("名前"), .index(0)]),
        ("user[tags][]:=\"x\"", [.key("user"), .key("tags"), .append]),
    ]

    @Test(arguments: rows)
    func readsPath(text: String, components: [C]) throws {
        let item = try memoryParser().parse(text, index: 0)
        #expect(try item.nestedJSONPath() == NestedJSONPath(components))
        #expect(try item.nestedJSONPath()?.components == components)
    }

    @Test func onlyDataItemsHavePaths() throws {
        #expect(try memoryParser().parse("a[b]==1", index: 0).nestedJSONPath() == nil)
        #expect(try memoryParser().parse("f[x]@file.txt", index: 0).nestedJSONPath() == nil)
    }

    @Test func writesPathBack() {
        #expect(NestedJSONPath([.key("a"), .key("b"), .index(0), .append]).description == "a[b][0][]")
        #expect(NestedJSONPath([.append, .key("k")]).description == "[][k]")
    }

    /// Item → nested-path syntax error and the column it points at.
    static let errorRows: [(String, String, Int)] = [
        ("a[b=1", "bad nested JSON path: expected ']'", 3),
        ("a[=1", "bad nested JSON path: expected a key, an index or ']'", 2),
        ("a]=1", "bad nested JSON path: expected '['", 1),
        ("a[b]c=1", "bad nested JSON path: expected '['", 4),
        ("a[b][=1", "bad nested JSON path: expected a key, an index or ']'", 5),
        ("a[[b]]=1", "bad nested JSON path: expected a key, an index or ']'", 2),
        ("[a]=1", "bad nested JSON path: expected an index or ']'", 1),
        ("[=1", "bad nested JSON path: expected an index or ']'", 1),
        ("[0=1", "bad nested JSON path: expected ']'", 2),
        ("]=1", "bad nested JSON path: expected a key, an index or '['", 0),
        ("a[-1]=1", "negative array index -1 is not supported", 2),
        ("[-1]:=1", "negative array index -1 is not supported", 1),
        ("a[100001]=1", "array index 100001 is too large (at most 100000)", 2),
        ("a[99999999999999999999999]=1", "array index 99999999999999999999999 is too large (at most 100000)", 2),
        ("a\\=[b=1", "bad nested JSON path: expected ']'", 5),
        ("a[b\\]=1", "bad nested JSON path: expected ']'", 5),
    ]

    @Test(arguments: errorRows)
    func reportsSyntaxError(text: String, message: String, column: Int) throws {
        let item = try memoryParser().parse(text, index: 4)
        let error = requestItemError { _ = try item.nestedJSONPath() }
        #expect(error == RequestItemError(item: text, index: 4, column: column, message: message))
        let viaBody = requestItemError { _ = try RequestBodyBuilder.jsonBody(from: [item]) }
        #expect(viaBody == error)
    }

    @Test func caretUnderUnclosedBracket() throws {
        let item = try memoryParser().parse("user[name=x", index: 0)
        let error = requestItemError { _ = try item.nestedJSONPath() }
        #expect(error?.caretLines == "user[name=x\n         ^")
    }
}
