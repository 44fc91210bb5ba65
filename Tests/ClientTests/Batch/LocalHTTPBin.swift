import Foundation
import Testing

/// httpbin under gunicorn on a free loopback port, shared by the batch runner's live tests and started on first use.
/// The gthread worker keeps connections alive (the sync worker closes each one), so connection reuse can be counted.
/// The server stops by itself when the test process exits (it watches its stdin, a pipe this process holds).
final class LocalHTTPBin: @unchecked Sendable {  // immutable once started
    let url: String
    private let process: Process
    private let stdin = Pipe()

    /// The shared server, or cancels the calling test (with the reason) when python3, httpbin or gunicorn is missing.
    static func shared() throws -> LocalHTTPBin {
        switch sharedServer {
        case .success(let server): return server
        case .failure(.unavailable(let reason)): try Test.cancel(Comment(rawValue: reason))
        case .failure(let failure): throw failure
        }
    }

    private static let sharedServer: Result<LocalHTTPBin, StartFailure> = {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import httpbin, gunicorn"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            return .failure(.unavailable("live batch tests need python3 with httpbin and gunicorn: \(error)"))
        }
        guard check.terminationStatus == 0 else {
            return .failure(
                .unavailable("live batch tests need python3 with httpbin and gunicorn (pip install httpbin gunicorn)"))
        }
        do throws(StartFailure) {
            return .success(try LocalHTTPBin())
        } catch {
            return .failure(error)
        }
    }()

    private init() throws(StartFailure) {
        let logPath = NSTemporaryDirectory() + "api-batch-httpbin-\(getpid()).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The test runner's threads block signals and a spawned child inherits that mask, so unblock them before
        // gunicorn starts (or SIGTERM would not stop it); stop when stdin reaches its end, that is when this process
        // has exited.
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
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .failed("cannot start gunicorn: \(error)")
        }
        // Ready once gunicorn logs the address it bound (the listening socket queues connections from then on).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: #"Listening at: http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                url = String(log[range].dropFirst("Listening at: ".count))
                return
            }
            usleep(20_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw .failed("httpbin did not start: \(log.suffix(500))")
    }

    enum StartFailure: Error, CustomStringConvertible {
        case unavailable(String)
        case failed(String)

        var description: String {
            switch self {
            case .unavailable(let reason), .failed(let reason): reason
            }
        }
    }
}
