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
