import Client
import JSON
import Testing

@testable import CLI

#if canImport(Glibc)
    import Glibc
#endif

/// The output layer in process: a ResponsePrinter fed a head and body chunks, as libcurl would feed it. Serialized:
/// the download rows check the process-wide interrupt handler.
extension ProcessSignalTests {
    @Suite(.serialized) struct ResponsePrinterTests {
        func feed(
            _ body: [String], type: String = "application/json", status: Int = 200, letters: String = "b",
            pretty: PrettyMode = PrettyMode(format: false, colors: false), query: String? = nil, terminal: Bool = false,
            download: ResponsePrinter.DownloadPlan? = nil
        ) throws -> (output: String, printer: ResponsePrinter, problem: BodyProblem?) {
            let output = MemoryOutput()
            let settings = ResponsePrinter.Settings(
                selection: try PrintSelection(letters: letters), pretty: pretty, terminal: terminal,
                query: try query.map { try Query($0) })
            let printer = ResponsePrinter(output: output, settings: settings, download: download)
            printer.receive(
                head: ResponseHead(version: "HTTP/1.1", status: status, reason: "", headers: [("Content-Type", type)]))
            for chunk in body {
                let bytes = Array(chunk.utf8)
                _ = bytes.withUnsafeBytes { printer.receive(body: $0) }
            }
            let problem = printer.finish()
            return (output.text, printer, problem)
        }

        static let rows: [([String], String, PrettyMode, String)] = [
            // Piped and raw: exactly the bytes.
            (
                ["{\"b\":1,", "\"a\":[1,2]}"], "application/json", PrettyMode(format: false, colors: false),
                "{\"b\":1,\"a\":[1,2]}"
            ),
            // Formatted across chunk boundaries, keys in received order.
            (
                ["{\"b\":1,\"a\"", ":[1]}"], "application/json", PrettyMode(format: true, colors: false),
                "{\n  \"b\": 1,\n  \"a\": [\n    1\n  ]\n}\n"
            ),
            // Not JSON by its type: as is even when formatting.
            (["{\"b\":1}"], "text/plain", PrettyMode(format: true, colors: false), "{\"b\":1}"),
            // JSON lines: one formatted document per line.
            (
                ["{\"a\":1}\n{\"a\"", ":2}\n"], "application/x-ndjson", PrettyMode(format: true, colors: false),
                "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n"
            ),
        ]

        @Test(arguments: rows)
        func bodies(_ chunks: [String], _ type: String, _ pretty: PrettyMode, _ expected: String) throws {
            #expect(try feed(chunks, type: type, pretty: pretty).output == expected)
        }

        @Test func headersAreEscapedOnATerminal() throws {
            let output = MemoryOutput()
            let settings = ResponsePrinter.Settings(
                selection: try PrintSelection(letters: "h"), pretty: PrettyMode(format: false, colors: false),
                terminal: true)
            let printer = ResponsePrinter(output: output, settings: settings, download: nil)
            printer.receive(
                head: ResponseHead(version: "HTTP/1.1", status: 200, reason: "OK\u{1B}[2J", headers: [("X", "a\u{7}")]))
            _ = printer.finish()
            #expect(output.text == "HTTP/1.1 200 OK\\x1b[2J\nX: a\\x07\n\n")
        }

        @Test func queryRunsOnTheWholeBody() throws {
            let result = try feed(["[1,2", ",3]"], query: "length")
            #expect(result.output == "3\n")
            #expect(result.problem == nil)
        }

        @Test func queryIsNotRunOnAnErrorStatus() throws {
            #expect(try feed(["{\"error\":\"x\"}"], status: 404, query: "length").output == "{\"error\":\"x\"}")
        }

        @Test func downloadIsWrittenToATemporaryFileThenCommitted() throws {
            mkdir("/tmp/httpie-fixture", 0o755)
            let path = "/tmp/httpie-fixture/download-\(getpid()).json"
            let result = try feed(["{\"a\":", "1}"], download: .file(path: path, resumeFrom: nil))
            #expect(result.output.isEmpty)
            let download = try #require(result.printer.download)
            #expect(InterruptCleanup.isArmed)
            #expect(DownloadFile.exists(download.temporaryPath))
            #expect(download.commit() == nil)
            #expect(!InterruptCleanup.isArmed)
            #expect(DownloadFile.existingSize(path) == 7)
            unlink(path)
        }

        @Test func errorStatusIsPrintedNotDownloaded() throws {
            let path = "/tmp/httpie-fixture/never-\(getpid()).json"
            let result = try feed(["{\"e\":1}"], status: 500, download: .file(path: path, resumeFrom: nil))
            #expect(result.printer.download == nil)
            #expect(result.output == "{\"e\":1}")
            #expect(!DownloadFile.exists(path))
            #expect(!InterruptCleanup.isArmed)
        }
    }
}
