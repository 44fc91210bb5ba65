import Client
import JSON
import Testing

@testable import CLI

/// LineStreamHandler fed chunks that split lines anywhere: each line printed (and flushed) as it completes.
struct LineStreamHandlerTests {
    func stream(
        _ chunks: [String], query: String? = nil, formatJSON: Bool = false, limit: BodyLimit = .standard
    ) throws -> (output: String, problem: BodyProblem?, flushes: Int) {
        let output = CountingOutput()
        let handler = LineStreamHandler(
            query: try query.map { try Query($0) },
            printer: ValuePrinter(pretty: PrettyMode(format: false, colors: false), raw: false),
            output: output, formatJSON: formatJSON, limit: limit)
        for chunk in chunks {
            guard Array(chunk.utf8).withUnsafeBytes({ handler.write($0) }) else { break }
        }
        let problem = handler.finish()
        return (output.memory.text, problem, output.flushes)
    }

    static let rows: [([String], String?, Bool, String)] = [
        // Lines as received; a line split over chunks is joined; the last line needs no newline.
        (["{\"a\":1}\n{\"a\"", ":2}\nend"], nil, false, "{\"a\":1}\n{\"a\":2}\nend\n"),
        // CRLF and json-seq's record separator are dropped.
        (["\u{1E}{\"a\":1}\r\n"], nil, false, "{\"a\":1}\n"),
        // Formatted: each JSON line re-written (compact here), other lines as is.
        (["{ \"a\" : 1 }\nnot json\n"], nil, true, "{\"a\":1}\nnot json\n"),
        // Event streams: the data of each event is the JSON.
        (["event: x\ndata: {\"a\": 1}\n\n"], nil, true, "event: x\ndata: {\"a\":1}\n\n"),
        // A query runs on each JSON line (on each event's data); other lines are dropped.
        (["{\"a\":1}\n", "{\"a\":2}\n"], ".a", false, "1\n2\n"),
        (["event: x\ndata: {\"a\": 3}\n\n"], ".a", false, "3\n"),
    ]

    @Test(arguments: rows)
    func lines(_ chunks: [String], _ query: String?, _ formatJSON: Bool, _ expected: String) throws {
        let result = try stream(chunks, query: query, formatJSON: formatJSON)
        #expect(result.output == expected)
        #expect(result.problem == nil)
    }

    @Test func eachChunkIsFlushed() throws {
        let result = try stream(["{\"a\":1}\n", "{\"a\":2}\n", "{\"a\":3}\n"])
        #expect(result.flushes >= 3)
    }

    @Test func aBrokenJSONLineUnderAQueryIsAProblem() throws {
        let result = try stream(["{\"a\":1}\n{\"a\":\n"], query: ".a")
        #expect(result.output == "1\n")
        #expect(result.problem?.message == "a streamed line is not valid JSON: {\"a\":")
    }

    @Test func aFailingQueryIsAUsageProblem() throws {
        let result = try stream(["{\"a\":1}\n"], query: ".a.b")
        #expect(result.problem?.status == .usage)
    }

    @Test func aLineOverTheLimitStopsTheStream() throws {
        let result = try stream(["{\"a\":1}\n0123456789abcdef", "more\n{\"never\":1}\n"], limit: BodyLimit(bytes: 10))
        #expect(result.output == "{\"a\":1}\n")
        #expect(result.problem?.stoppedTransfer == true)
    }
}

/// A memory output that counts its flushes.
final class CountingOutput: OutputStream {
    let memory = MemoryOutput()
    private(set) var flushes = 0
    func write(_ chunk: UnsafeRawBufferPointer) { memory.write(chunk) }
    func flush() { flushes += 1 }
}
