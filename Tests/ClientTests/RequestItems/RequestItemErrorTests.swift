import Client
import Testing

@Suite struct RequestItemErrorTests {
    static let notAnItem = "not a request item: expected Name:Value, key==value, key=value, key:=json or key@file"

    /// Item → message and the 0-based column of the item it points at.
    static let rows: [(String, String, Int)] = [
        ("bogus", notAnItem, 0),
        ("", notAnItem, 0),
        ("a\\=b", notAnItem, 0),
        ("users/1", notAnItem, 0),
        // invalid JSON after := : the column maps into the item
        ("age:=3x", "invalid JSON after ':=': trailing characters after the value at column 6", 6),
        ("a:=", "invalid JSON after ':=': unexpected end of input at column 3", 3),
        ("a:=[1,", "invalid JSON after ':=': unexpected end of input at column 6", 6),
        ("name:=alice", "invalid JSON after ':=': unexpected character 'a' at column 6", 6),
        ("k:=\"é\"x", "invalid JSON after ':=': trailing characters after the value at column 6", 6),
        ("k\\:x:=1x", "invalid JSON after ':=': trailing characters after the value at column 7", 7),
        ("k:=[1,\\=]", "invalid JSON after ':=': unexpected character '=' at column 6", 6),
        // headers
        ("Bad Name:x", "invalid header name 'Bad Name': a space is not allowed", 3),
        ("Bad\\:Name:x", "invalid header name 'Bad:Name': ':' is not allowed", 3),
        ("Ünicode:x", "invalid header name 'Ünicode': 'Ü' is not allowed", 0),
        (":x", "missing header name before ':'", 0),
        (";", "missing header name before ';'", 0),
        (
            "X-A;b", "an empty header takes nothing after ';' (write 'X-A;' to send it empty, 'X-A:value' to set it)",
            4
        ),
        ("X-A:a\nb", "a header value cannot contain a line break", 4),
    ]

    @Test(arguments: rows)
    func reportsError(text: String, message: String, column: Int) {
        let error = requestItemError { _ = try memoryParser().parse(text, index: 5) }
        #expect(error == RequestItemError(item: text, index: 5, column: column, message: message))
    }

    @Test func describesOnOneLine() {
        let error = requestItemError { _ = try memoryParser().parse("age:=3x", index: 2) }
        #expect(
            error?.description
                == "item 'age:=3x': invalid JSON after ':=': trailing characters after the value at column 6")
        let multiLine = RequestItemError(item: "a:={\n1", index: 0, column: 5, message: "m")
        #expect(multiLine.description == "item 'a:={\\n1': m")
    }

    @Test func pointsIntoMultiLineJSON() {
        let error = requestItemError { _ = try memoryParser().parse("a:={\n  \"b\": x\n}", index: 0) }
        #expect(error?.message == "invalid JSON after ':=': unexpected character 'x' at column 12")
        #expect(error?.caretLines == "  \"b\": x\n       ^")
    }

    @Test func pointsCaretAtColumn() {
        #expect(RequestItemError(item: "a[b=1", index: 0, column: 3, message: "m").caretLines == "a[b=1\n   ^")
        #expect(RequestItemError(item: "bogus", index: 0, column: 0, message: "m").caretLines == "bogus\n^")
        #expect(RequestItemError(item: "a:=", index: 0, column: 3, message: "m").caretLines == "a:=\n   ^")
        #expect(RequestItemError(item: "a\tb:=x", index: 0, column: 5, message: "m").caretLines == "a\tb:=x\n \t   ^")
        #expect(RequestItemError(item: "日本:=x", index: 0, column: 4, message: "m").caretLines == "日本:=x\n    ^")
        #expect(
            RequestItemError(item: "a:={\n  \"b\": x\n}", index: 0, column: 12, message: "m").caretLines
                == "  \"b\": x\n       ^")
    }
}
