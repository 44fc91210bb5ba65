import Foundation
import Testing

/// httpbin under gunicorn on a free loopback port, for the batch runner's live tests. The gthread worker keeps
/// connections alive (the sync worker closes each one), so connection reuse can be counted.
final class LocalHTTPBin {
    let url: String
    private let process: Process
    private let logPath: String
    private let stdin = Pipe()

    /// Starts the server, or cancels the calling test (with the reason) when python3, httpbin or gunicorn is missing.
    static func start() throws -> LocalHTTPBin {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import httpbin, gunicorn"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            try Test.cancel("live batch tests need python3 with httpbin and gunicorn: \(error)")
        }
        if check.terminationStatus != 0 {
            try Test.cancel("live batch tests need python3 with httpbin and gunicorn (pip install httpbin gunicorn)")
        }
        return try LocalHTTPBin()
    }

    private init() throws {
        logPath = NSTemporaryDirectory() + "api-batch-httpbin-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The test runner's threads block signals and a spawned child inherits that mask, so unblock them before
        // gunicorn starts (or SIGTERM would never stop it); and stop when stdin closes, so that the server goes away
        // with the test process even if it dies without calling `stop`.
        let bootstrap = """
            import os, runpy, signal, sys, threading
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            def watch():
                sys.stdin.buffer.read()
                os.kill(os.getpid(), signal.SIGTERM)
            threading.Thread(target=watch, daemon=True).start()
            sys.argv = ["gunicorn"] + sys.argv[1:]
            runpy.run_module("gunicorn", run_name="__main__")
            """
        process.arguments = [
            "python3", "-c", bootstrap, "--bind", "127.0.0.1:0", "--workers", "1", "--worker-class", "gthread",
            "--threads", "16", "--keep-alive", "30", "--graceful-timeout", "2", "--error-logfile", logPath,
            "httpbin:app",
        ]
        process.standardInput = stdin
        try process.run()
        // Ready once gunicorn logs the address it bound (the listening socket queues connections from then on).
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, Date() < deadline, process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: #"Listening at: (http://127\.0\.0\.1:\d+)"#, options: .regularExpression) {
                found = String(log[range].dropFirst("Listening at: ".count))
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            process.terminate()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw StartFailure(description: "httpbin did not start: \(log.suffix(500))")
        }
        url = found
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? stdin.fileHandleForWriting.close()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    deinit { stop() }

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }
}
