import Serve
import Testing

@testable import CLI

/// `api serve --store` and `--pool`: bad values and file-only options are usage errors (exit 2) before anything
/// connects, and no message holds the password.
@Suite struct ServeStoreOptionTests {
    func run(_ arguments: [String], variables: [String: String] = [:]) -> (status: Int32, stderr: String) {
        let stderr = MemoryOutput()
        let environment = Environment(
            arguments: arguments, variables: variables, stdout: MemoryOutput(), stderr: stderr,
            stdoutIsTerminal: false)
        return (API.run(environment, serve: ServeCommand.run), stderr.text)
    }

    static let store = "postgres://ann:hunter2@127.0.0.1:1/shop"

    /// Arguments after `serve --mock`, then the expected part of the message.
    static let refused: [([String], String)] = [
        (["--store", store, "--no-watch"], "--no-watch is for a JSON file"),
        (["--store", "mysql://ann:hunter2@h/db"], "bad --store: expected postgres://"),
        (["--store", "postgres://ann:hunter2@127.0.0.1:0/shop"], "bad --store: bad port '0'"),
        (["--store", store, "--pool", "0"], "bad --pool '0'"),
        (["--store", store, "--pool", "1001"], "bad --pool '1001'"),
        (["--store", store, "--pool", "99999999999999999999"], "bad --pool"),
        (["--pool", "4"], "--pool needs --store postgres://"),
        (["--store", "file:"], "bad --store 'file:': expected file:PATH"),
        (["a.json", "--store", "file:b.json"], "name two files"),
    ]

    @Test(arguments: refused)
    func isAUsageError(_ arguments: [String], _ message: String) {
        let (status, stderr) = run(["serve", "--mock"] + arguments)
        #expect(status == 2)
        #expect(stderr.contains(message), "\(stderr)")
        #expect(!stderr.contains("hunter2"))
    }

    @Test func storeComesFromTheEnvironment() {
        let (status, stderr) = run(
            ["serve", "--mock", "--no-watch"], variables: ["API_STORE": "postgres://ann:hunter2@127.0.0.1:1/shop"])
        #expect(status == 2)
        #expect(stderr.contains("--no-watch is for a JSON file"))
        #expect(!stderr.contains("hunter2"))
    }
}
