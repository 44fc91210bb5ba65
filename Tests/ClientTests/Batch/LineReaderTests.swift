import Testing

@testable import Client

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct LineReaderTests {
    /// A pipe: (read end, write end).
    static func pipeEnds() -> (Int32, Int32) {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        let written = text.withUTF8 { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        #expect(written == text.utf8.count)
    }

    /// Input bytes → the lines read.
    static let rows: [(String, [String])] = [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb", ["a", "b"]),
        ("\n\n x \n", ["", "", " x "]),
        ("", []),
        ("only", ["only"]),
        ("é\r\n\r\n", ["é", ""]),
        (String(repeating: "x", count: 200_000) + "\ny", [String(repeating: "x", count: 200_000), "y"]),
    ]

    @Test(arguments: rows)
    func splitsLines(_ input: String, _ lines: [String]) throws {
        let path = "/tmp/api-line-reader-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ndjson"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        Self.write(input, to: descriptor)
        close(descriptor)
        defer { unlink(path) }
        let reader = try LineReader(path: path)
        #expect(Array(reader) == lines)
        #expect(reader.readError == nil)
    }

    /// Input → the lines read before a line over a 10-byte limit (ended or not) stops the input.
    static let limitRows: [(String, [String])] = [
        ("short\n" + String(repeating: "x", count: 50) + "\nlater\n", ["short"]),
        ("short\n" + String(repeating: "x", count: 200_000), ["short"]),
        (String(repeating: "y", count: 11) + "\n", []),
        ("0123456789\r\nnext", ["0123456789", "next"]),
    ]

    @Test(arguments: limitRows)
    func refusesALineOverTheLimit(_ input: String, _ lines: [String]) throws {
        let path = "/tmp/api-line-reader-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ndjson"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        Self.write(input, to: descriptor)
        close(descriptor)
        defer { unlink(path) }
        let reader = try LineReader(path: path, limit: BodyLimit(bytes: 10))
        #expect(Array(reader) == lines)
        let refused =
            "line \(lines.count + 1) is larger than --max-body 10B (a line is read whole; the rest is skipped)"
        #expect(reader.readError == (lines.last == "next" ? nil : refused))
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: LineReaderError(path: "/nonexistent/x.ndjson", reason: "No such file or directory")) {
            try LineReader(path: "/nonexistent/x.ndjson")
        }
        let error = LineReaderError(path: "x.ndjson", reason: "Permission denied")
        #expect(error.description == "cannot read x.ndjson: permission denied")
    }

    @Test func readsWithoutWaitingOnlyWhatIsThere() {
        let (readEnd, writeEnd) = Self.pipeEnds()
        defer { close(readEnd) }
        let reader = LineReader(descriptor: readEnd)
        #expect(reader.nextIfReady() == .pending)
        Self.write("{\"url\":", to: writeEnd)
        #expect(reader.nextIfReady() == .pending)
        Self.write("\"a\"}\n{\"url\":\"b\"}\n", to: writeEnd)
        #expect(reader.nextIfReady() == .line(#"{"url":"a"}"#))
        #expect(reader.nextIfReady() == .line(#"{"url":"b"}"#))
        #expect(reader.nextIfReady() == .pending)
        Self.write("tail", to: writeEnd)
        close(writeEnd)
        #expect(reader.nextIfReady() == .line("tail"))
        #expect(reader.nextIfReady() == .end)
    }
}
