import Client
import Foundation
import JSON
import Testing

/// `@file` items read from real temporary files through `RequestItemParser.onDisk`.
/// Each test gets its own directory of small files, removed afterwards; `$T` in an item stands for its path.
@Suite final class RequestItemFileTests {
    let directory: String
    let parser: RequestItemParser

    init() throws {
        directory = NSTemporaryDirectory() + "request-items-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files: [String: [UInt8]] = [
            "token.txt": Array("Bearer abc\n".utf8),
            "query.txt": Array("hello world\n\n".utf8),
            "bio.txt": Array("line 1\nline 2\n".utf8),
            "config.json": Array("{\"b\": [1, 2.50], \"a\": null}\n".utf8),
            "bad.json": Array("{\n  \"a\": 1,\n}\n".utf8),
            "binary.bin": [0xFF, 0xFE, 0x00, 0x41],
            "photo.png": [0x89, 0x50, 0x4E, 0x47],
            "two-lines.txt": Array("a\nb\n".utf8),
        ]
        for (name, bytes) in files {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        parser = .onDisk(homeDirectory: directory)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func expand(_ text: String) -> String {
        text.replacingOccurrences(of: "$T", with: directory)
    }

    static let rows: [(String, RequestItem.Kind)] = [
        ("Authorization:@$T/token.txt", .header(name: "Authorization", value: "Bearer abc")),
        ("q==@$T/query.txt", .query(key: "q", value: "hello world")),
        ("bio=@$T/bio.txt", .dataString(key: "bio", value: "line 1\nline 2\n")),
        ("bio=@~/bio.txt", .dataString(key: "bio", value: "line 1\nline 2\n")),
        ("cfg:=@$T/config.json", .dataJSON(key: "cfg", value: ["b": [1, number("2.50")], "a": nil])),
        ("user[cfg]:=@$T/config.json", .dataJSON(key: "user[cfg]", value: ["b": [1, number("2.50")], "a": nil])),
        ("up@$T/photo.png", .fileUpload(FileUpload(fieldName: "up", path: "$T/photo.png"))),
        (
            "up@~/photo.png;type=image/x-icon",
            .fileUpload(FileUpload(fieldName: "up", path: "$T/photo.png", explicitContentType: "image/x-icon"))
        ),
    ]

    @Test(arguments: rows)
    func readsFile(text: String, expected: RequestItem.Kind) throws {
        var expected = expected
        if case .fileUpload(var upload) = expected {
            upload.path = expand(upload.path)
            expected = .fileUpload(upload)
        }
        #expect(try parser.parse(expand(text), index: 1).kind == expected)
    }

    /// Item → message (with `$T` for the directory) and the column it points at (where the file name starts).
    static let errorRows: [(String, String, Int)] = [
        ("a=@$T/missing.txt", "cannot read '$T/missing.txt': no such file or directory", 3),
        ("a:=@$T/missing.json", "cannot read '$T/missing.json': no such file or directory", 4),
        ("H:@$T/missing", "cannot read '$T/missing': no such file or directory", 3),
        ("q==@$T/missing", "cannot read '$T/missing': no such file or directory", 4),
        ("up@$T/missing.png", "cannot read '$T/missing.png': no such file or directory", 3),
        ("up@$T", "cannot read '$T': is a directory", 3),
        ("a=@$T", "cannot read '$T': is a directory", 3),
        ("a=@$T/binary.bin", "cannot embed '$T/binary.bin': not a utf-8 text file", 3),
        ("a:=@$T/bad.json", "invalid JSON in $T/bad.json:3:1: unexpected character '}'", 4),
        ("H:@$T/two-lines.txt", "the header value in '$T/two-lines.txt' cannot contain a line break", 3),
        ("a=@", "missing file name after '=@'", 3),
        ("f@", "missing file name after '@'", 2),
        ("f@;type=text/plain", "missing file name after '@'", 2),
    ]

    @Test(arguments: errorRows)
    func reportsFileError(text: String, message: String, column: Int) {
        let item = expand(text)
        let error = requestItemError { _ = try parser.parse(item, index: 2) }
        #expect(error == RequestItemError(item: item, index: 2, column: column, message: expand(message)))
    }
}
