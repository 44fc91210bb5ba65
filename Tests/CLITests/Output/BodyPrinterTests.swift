import Client
import Testing

@testable import CLI

/// BodyPrinter fed chunks as libcurl would feed them: what reaches the output for each media type and mode.
struct BodyPrinterTests {
    static let plain = PrettyMode(format: false, colors: false)
    static let formatted = PrettyMode(format: true, colors: false)

    func print(
        _ chunks: [[UInt8]], type: String?, pretty: PrettyMode, sortKeys: Bool = false, terminal: Bool = false,
        limit: BodyLimit = .standard
    ) -> (output: String, problem: BodyProblem?, accepted: Bool) {
        let output = MemoryOutput()
        let head = ResponseHead(
            version: "HTTP/1.1", status: 200, reason: "OK", headers: type.map { [("Content-Type", $0)] } ?? [])
        let printer = BodyPrinter(
            output: output, head: head, pretty: pretty, sortKeys: sortKeys, terminal: terminal, limit: limit)
        var accepted = true
        for chunk in chunks where accepted {
            accepted = chunk.withUnsafeBytes { printer.write($0) }
        }
        let problem = printer.finish()
        return (output.text, problem, accepted)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let chunks: [String]
        let type: String?
        let pretty: PrettyMode
        var sortKeys = false
        var terminal = false
        let expected: String
        var testDescription: String { "\(type ?? "no type") \(chunks)" }
    }

    static let rows: [Row] = [
        // The media type decides, parameters and case aside.
        Row(
            chunks: ["{\"a\":1}"], type: "Application/JSON; charset=utf-8", pretty: formatted,
            expected: "{\n  \"a\": 1\n}\n"),
        Row(chunks: ["{\"a\":1}"], type: "application/problem+json", pretty: formatted, expected: "{\n  \"a\": 1\n}\n"),
        Row(chunks: ["{\"a\":1}"], type: "text/json", pretty: formatted, expected: "{\n  \"a\": 1\n}\n"),
        Row(chunks: ["{\"a\":1}"], type: "text/html", pretty: formatted, expected: "{\"a\":1}"),
        Row(chunks: ["{\"a\":1}"], type: nil, pretty: formatted, expected: "{\"a\":1}"),
        // Piped without formatting: the exact bytes, even for JSON.
        Row(chunks: ["{ \"a\" :1}"], type: "application/json", pretty: plain, expected: "{ \"a\" :1}"),
        // A token split across chunks.
        Row(
            chunks: ["[tr", "ue,12", "3]"], type: "application/json", pretty: formatted,
            expected: "[\n  true,\n  123\n]\n"),
        // --sort-keys reads the body whole, then sorts.
        Row(
            chunks: ["{\"b\":1,", "\"a\":2}"], type: "application/json", pretty: formatted, sortKeys: true,
            expected: "{\n  \"a\": 2,\n  \"b\": 1\n}\n"),
        // On a terminal, text ends with a newline and control characters are shown escaped.
        Row(chunks: ["hi\u{1B}[2J"], type: "text/plain", pretty: plain, terminal: true, expected: "hi\\x1b[2J\n"),
    ]

    @Test(arguments: rows)
    func body(_ row: Row) {
        let result = print(
            row.chunks.map { Array($0.utf8) }, type: row.type, pretty: row.pretty, sortKeys: row.sortKeys,
            terminal: row.terminal)
        #expect(result.output == row.expected)
        #expect(result.problem == nil)
    }

    @Test func invalidJSONIsPrintedAsReceivedWithAProblem() {
        let result = print(
            [Array("{\"a\":1}".utf8), Array(" x".utf8)], type: "application/json", pretty: Self.formatted)
        #expect(result.output.hasPrefix("{\n  \"a\": 1\n}"))
        #expect(result.output.hasSuffix(" x"))
        let problem = result.problem
        #expect(problem?.message.hasPrefix("response body is not valid JSON") == true)
        #expect(problem?.status == nil)
    }

    @Test func binaryOnATerminalIsANote() {
        let result = print([[0x89, 0x50, 0x00, 0x01]], type: "image/png", pretty: Self.plain, terminal: true)
        #expect(result.output.contains("binary body not shown: image/png, 4 bytes"))
        #expect(!result.output.contains("\u{0}"))
    }

    @Test func binaryPipedIsTheBytes() {
        let result = print([[0x89, 0x00, 0x01]], type: "image/png", pretty: Self.plain, terminal: false)
        #expect(Array(result.output.utf8) == [0xEF, 0xBF, 0xBD, 0x00, 0x01])  // the 0x89 decoded as U+FFFD by .text
    }

    @Test func sortedBodyOverTheLimitStopsTheTransfer() {
        let result = print(
            [Array("{\"a\":\"0123456789\"}".utf8)], type: "application/json", pretty: Self.formatted, sortKeys: true,
            limit: BodyLimit(bytes: 8))
        #expect(!result.accepted)
        #expect(result.output.isEmpty)
        #expect(result.problem?.stoppedTransfer == true)
        #expect(result.problem?.status == .transportFailure)
    }
}
