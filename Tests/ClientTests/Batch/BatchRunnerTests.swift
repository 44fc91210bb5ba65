import JSON
import Testing

@testable import Client

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `lines` through a fresh runner; the output lines parsed, the exit status and the runner (for statistics).
private func runBatch(_ lines: [String], _ options: BatchOptions, retries: Box<[BatchRetryNotice]>? = nil) throws
    -> (output: [JSONValue], status: Client.ExitStatus, runner: BatchRunner)
{
    let runner = BatchRunner(options: options)
    runner.onRetry = { retries?.value.append($0) }
    var bytes: [UInt8] = []
    var calls = 0
    let status = runner.run(lines: lines) { chunk in
        calls += 1
        bytes.append(contentsOf: chunk)
        return true
    }
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.isEmpty || text.hasSuffix("\n"))
    let output = try text.split(separator: "\n").map { try JSON.parse(String($0)) }
    return (output, status, runner)
}

final class Box<Value> {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A loopback port with nothing listening on it.
private func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length)
            return getsockname(fd, pointer, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

private func indexes(_ output: [JSONValue]) -> [Int] { output.compactMap { $0["index"]?.numberValue?.intValue } }

@Suite struct BatchRunnerOfflineTests {
    @Test func refusedConnectionsAndBadLinesComeOutInOrder() throws {
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        options.parallel = 2
        let lines = [#"{"url":"a"}"#, "", #"{"url":"b"}"#, #"{"nope":1}"#, "  ", #"{"url":"c","method":"POST"}"#]
        let (output, status, runner) = try runBatch(lines, options)
        #expect(indexes(output) == [0, 1, 2, 3])
        #expect(
            output[2] == [
                "index": 2, "line": 4,
                "error": #"line 4: unknown key "nope" (expected method, url, headers, query, body)"#,
            ])
        for line in [output[0], output[1], output[3]] {
            #expect(line.objectValue?.keys.elementsEqual(["index", "error"]) == true)
            #expect(line["error"]?.stringValue?.isEmpty == false)
        }
        #expect(status == .usage)  // a bad spec line is worse than a refused connection
        #expect(runner.statistics.requests == 4)
        #expect(runner.statistics.succeeded == 0)
        #expect(runner.statistics.attempts == 3)
    }

    @Test func refusedConnectionsAloneExitWithTransportFailure() throws {
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        let (output, status, _) = try runBatch([#"{"url":"a"}"#, #"{"url":"b"}"#], options)
        #expect(indexes(output) == [0, 1])
        #expect(status == .transportFailure)
    }

    @Test func failFastStopsStartingAfterTheFirstFailure() throws {
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        options.parallel = 1
        options.failFast = true
        let (output, status, runner) = try runBatch(Array(repeating: #"{"url":"a"}"#, count: 5), options)
        #expect(indexes(output) == [0])
        #expect(status == .transportFailure)
        #expect(runner.statistics.attempts == 1)
    }

    @Test func failFastOnABadLineReadsNoFurther() throws {
        var options = BatchOptions()
        options.failFast = true
        let (output, status, runner) = try runBatch(["{", #"{"url":"a"}"#], options)
        #expect(
            output == [["index": 0, "line": 1, "error": "line 1: invalid JSON at column 2: unexpected end of input"]])
        #expect(status == .usage)
        #expect(runner.statistics.attempts == 0)
    }

    @Test func retriesATransportFailureThenReportsIt() throws {
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        options.retry = RetryPolicy(maxRetries: 2)
        options.retry.base = 0.001
        let notices = Box<[BatchRetryNotice]>([])
        let (output, status, runner) = try runBatch(
            [#"{"url":"a"}"#, #"{"url":"b","method":"POST"}"#], options, retries: notices)
        #expect(indexes(output) == [0, 1])
        #expect(status == .transportFailure)
        #expect(notices.value.map(\.index) == [0, 0])  // POST is not idempotent: not retried
        #expect(notices.value.map(\.attempt) == [1, 2])
        #expect(runner.statistics.attempts == 4)
        #expect(runner.statistics.retries == 2)
    }

    /// Each result must come out while the producer is still to write the next spec (it writes it only then):
    /// the runner may not sit in a read while its transfers are done.
    @Test(.timeLimit(.minutes(1))) func outputsResultsWhileWaitingForASlowProducer() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        func send(_ line: String) {
            var text = line + "\n"
            _ = text.withUTF8 { write(writeEnd, $0.baseAddress, $0.count) }
        }
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        let runner = BatchRunner(options: options)
        send(#"{"url":"0"}"#)
        var received: [JSONValue] = []
        let status = runner.run(lines: LineReader(descriptor: readEnd)) { chunk in
            for line in String(decoding: chunk, as: UTF8.self).split(separator: "\n") {
                received.append((try? JSON.parse(String(line))) ?? .null)
                if received.count < 4 {
                    send(#"{"url":"\#(received.count)"}"#)
                } else {
                    close(writeEnd)
                }
            }
            return true
        }
        #expect(indexes(received) == [0, 1, 2, 3])
        #expect(status == .transportFailure)
    }

    @Test func emptyInputOutputsNothing() throws {
        let (output, status, runner) = try runBatch(["", "   "], BatchOptions())
        #expect(output.isEmpty)
        #expect(status == .success)
        #expect(runner.statistics.requests == 0)
    }

    @Test func stopsStartingWhenOutputCannotBeWritten() {
        var options = BatchOptions()
        options.baseURL = "http://127.0.0.1:\(closedPort())"
        options.parallel = 1
        let runner = BatchRunner(options: options)
        var calls = 0
        _ = runner.run(lines: Array(repeating: #"{"url":"a"}"#, count: 5)) { _ in
            calls += 1
            return false
        }
        #expect(calls == 1)
        #expect(runner.statistics.attempts == 1)
    }
}

@Suite(.serialized) struct BatchRunnerLiveTests {
    @Test func getsComeBackInInputOrderOverAtMostParallelConnections() throws {
        let server = try LocalHTTPBin.shared()
        var options = BatchOptions()
        options.baseURL = server.url
        options.parallel = 4
        options.defaultHeaders = [HeaderField(name: "User-Agent", value: "api-batch-test")]
        // Odd requests are delayed, so later ones often finish first.
        let lines = (0..<40).map { index in
            index % 2 == 1 && index < 10
                ? #"{"url":"delay/0.2","query":{"i":\#(index)}}"# : #"{"url":"anything","query":{"i":\#(index)}}"#
        }
        let (output, status, runner) = try runBatch(lines, options)
        #expect(status == .success)
        #expect(indexes(output) == Array(0..<40))
        for (index, line) in output.enumerated() {
            #expect(line.objectValue?.keys.elementsEqual(["index", "status", "headers", "body", "time_ms"]) == true)
            #expect(line["status"] == 200)
            #expect(line["body"]?["args"]?["i"] == JSONValue.string(String(index)))
            #expect(line["body"]?["headers"]?["User-Agent"] == "api-batch-test")
            #expect(line["headers"]?["content-type"] == "application/json")
        }
        #expect(runner.connectionsOpened >= 1)
        #expect(runner.connectionsOpened <= 4)
        #expect(runner.statistics.requests == 40)
        #expect(runner.statistics.succeeded == 40)
    }

    @Test func bodiesHeadersStatusesAndQuery() throws {
        let server = try LocalHTTPBin.shared()
        var options = BatchOptions()
        options.baseURL = server.url
        let lines = [
            #"{"method":"POST","url":"anything","headers":{"X-Team":"core"},"body":{"name":"ann","n":[1,2]}}"#,
            #"{"method":"put","url":"anything","body":"plain text"}"#,
            #"{"url":"status/404"}"#,
            #"{"url":"status/200","method":"DELETE"}"#,
        ]
        let (output, status, _) = try runBatch(lines, options)
        #expect(indexes(output) == [0, 1, 2, 3])
        #expect(output[0]["body"]?["json"]?["name"] == "ann")  // httpbin sorts keys: compare members
        #expect(output[0]["body"]?["json"]?["n"] == [1, 2])
        #expect(output[0]["body"]?["method"] == "POST")
        #expect(output[0]["body"]?["headers"]?["Content-Type"] == "application/json")
        #expect(output[0]["body"]?["headers"]?["X-Team"] == "core")
        #expect(output[1]["body"]?["data"] == "plain text")
        #expect(output[1]["body"]?["headers"]?["Content-Type"] == "text/plain")
        #expect(output[2]["status"] == 404)
        #expect(output[3]["status"] == 200)
        #expect(status == .clientError)

        options.query = try Query(".args.i")
        let (queried, queryStatus, _) = try runBatch([#"{"url":"get","query":{"i":"7"}}"#], options)
        #expect(queried.first?["body"] == "7")
        #expect(queryStatus == .success)
    }

    @Test func retriesRetryableStatusesPerRequest() throws {
        let server = try LocalHTTPBin.shared()
        var options = BatchOptions()
        options.baseURL = server.url
        options.retry = RetryPolicy(maxRetries: 2)
        options.retry.base = 0.001
        let notices = Box<[BatchRetryNotice]>([])
        let lines = [#"{"url":"status/503"}"#, #"{"url":"get"}"#, #"{"url":"status/404"}"#]
        let (output, status, runner) = try runBatch(lines, options, retries: notices)
        #expect(indexes(output) == [0, 1, 2])
        #expect(output[0]["status"] == 503)
        #expect(output[1]["status"] == 200)
        #expect(output[2]["status"] == 404)  // not retryable
        #expect(status == .serverError)
        #expect(notices.value.map(\.index) == [0, 0])
        #expect(notices.value.first?.reason == "503 SERVICE UNAVAILABLE")  // httpbin's reason phrase
        #expect(runner.statistics.attempts == 5)
    }
}
