import Serve
import Testing

@testable import CLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Numbers and header text from the command line, the environment and the config file: each range-checked or
/// refused where it is read (a usage error naming it, exit 2), never a trap, a hang or an injected header.
@Suite struct HardeningArgumentTests {
    func run(_ arguments: [String], variables: [String: String] = [:]) -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let stdout = MemoryOutput()
        let stderr = MemoryOutput()
        let environment = Environment(
            arguments: arguments, variables: variables, stdout: stdout, stderr: stderr, stdoutIsTerminal: false)
        let status = API.run(environment, serve: ServeCommand.run)
        return (status, stdout.text, stderr.text)
    }

    static let seconds = "expected seconds from 0.001 to 1000000, e.g. 2.5"

    /// Option, value, and the expected message after "bad --OPTION 'VALUE': ".
    static let numbers: [(String, String, String)] = [
        ("timeout", "1e300", seconds),
        ("timeout", "9223372036854775807", seconds),
        ("timeout", "1e3", seconds),
        ("timeout", "nan", seconds),
        ("timeout", "inf", seconds),
        ("timeout", "-0", seconds),
        ("timeout", "-1", seconds),
        ("timeout", "0", seconds),
        ("timeout", "0x10", seconds),
        ("timeout", "", seconds),
        ("timeout", " 2", seconds),
        ("timeout", "1.2.3", seconds),
        ("timeout", "0.0001", seconds),
        ("connect-timeout", "1e19", seconds),
        ("connect-timeout", "10000000", seconds),
        ("retry-max-time", "1e300", seconds),
        ("retry-max-time", "0", seconds),
        ("retry", "9223372036854775808", "expected a whole number of retries from 0 to 1000"),
        ("retry", "1001", "expected a whole number of retries from 0 to 1000"),
        ("retry", "-1", "expected a whole number of retries from 0 to 1000"),
        ("retry", "+1", "expected a whole number of retries from 0 to 1000"),
        ("retry", "1.5", "expected a whole number of retries from 0 to 1000"),
        ("max-redirects", "-2", "expected a whole number from 0 to 1000"),
        ("max-redirects", "99999999999999999999", "expected a whole number from 0 to 1000"),
        ("max-pages", "0", "expected a whole number from 1 to 1000000"),
        ("max-pages", "1e3", "expected a whole number from 1 to 1000000"),
    ]

    @Test(arguments: numbers)
    func requestNumbersAreRangeChecked(_ option: String, _ value: String, _ expected: String) {
        var arguments = ["get", "users", "--offline", "--\(option)", value]
        if option == "max-pages" {
            arguments = ["get", "users", "--paginate", "--base", "http://127.0.0.1:9", "--\(option)", value]
        }
        let result = run(arguments)
        #expect(result.status == 2)
        #expect(firstLine(result.stderr) == "api: bad --\(option) '\(value)': \(expected)")
    }

    static let batchNumbers: [(String, String, String)] = [
        ("rate", "1e-300", "expected requests per second from 0.001 to 1000000, e.g. 2.5"),
        ("rate", "0.0000001", "expected requests per second from 0.001 to 1000000, e.g. 2.5"),
        ("rate", "inf", "expected requests per second from 0.001 to 1000000, e.g. 2.5"),
        ("parallel", "0", "expected a whole number from 1 to 1024"),
        ("parallel", "9223372036854775807", "expected a whole number from 1 to 1024"),
        ("timeout", "1e300", seconds),
        ("retry", "99999999999999999999", "expected a whole number of retries from 0 to 1000"),
    ]

    @Test(arguments: batchNumbers)
    func batchNumbersAreRangeChecked(_ option: String, _ value: String, _ expected: String) {
        let result = run(["batch", "/nonexistent/specs.ndjson", "--\(option)", value])
        #expect(result.status == 2)
        #expect(firstLine(result.stderr) == "api: bad --\(option) '\(value)': \(expected)")
    }

    @Test func numbersInRangeAreAccepted() {
        let result = run([
            "get", "users", "--offline", "--timeout", "2.5", "--connect-timeout", "1000000", "--retry", "1000",
            "--retry-max-time", ".5", "--max-redirects", "0",
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Arguments and variables, and the source the error must name.
    static let injections: [([String], [String: String], String)] = [
        (["-H", "X-A: 1\r\nX-Injected: 1"], [:], "--header"),
        (["-H", "X-A: 1\nX-Injected: 1"], [:], "--header"),
        (["--user-agent", "ua\r\nX-Injected: 1"], [:], "--user-agent"),
        (["--bearer", "tok\r\nX-Injected: 1"], [:], "--bearer"),
        (["-a", "ann:pw\r\nX-Injected: 1"], [:], "--auth"),
        (["--proxy", "http://proxy.test\r\nX-Injected: 1"], [:], "--proxy"),
        (["--base", "http://api.test/\r\nX-Injected: 1"], [:], "--base"),
        ([], ["API_TOKEN": "tok\r\nX-Injected: 1"], "$API_TOKEN"),
        ([], ["API_TOKEN": "tok\u{0}"], "$API_TOKEN"),
        ([], ["API_BASE_URL": "http://api.test/\nX-Injected: 1"], "$API_BASE_URL"),
    ]

    @Test(arguments: injections)
    func lineBreaksInHeadTextAreRefused(_ extra: [String], _ variables: [String: String], _ source: String) {
        let result = run(["get", "users", "--offline"] + extra, variables: variables)
        #expect(result.status == 2)
        #expect(firstLine(result.stderr) == "api: \(source) cannot contain a line break (CR, LF or NUL)")
        #expect(!result.stdout.contains("X-Injected"))
    }

    @Test func lineBreakInTheTargetIsRefused() {
        let result = run(["get", "http://api.test/x\r\nX-Injected: 1", "--offline"])
        #expect(result.status == 2)
        #expect(firstLine(result.stderr) == "api: the target cannot contain a line break (CR, LF or NUL)")
    }

    @Test func lineBreakInAProfileValueFromTheEnvironmentIsRefused() throws {
        let config = try ConfigFile(
            #"{"default":"p","profiles":{"p":{"base":"http://api.test","headers":{"X-Team":"$TEAM"}}}}"#)
        defer { config.remove() }
        let result = run(
            ["get", "users", "--offline"], variables: ["API_CONFIG": config.path, "TEAM": "core\r\nX-Injected: 1"])
        #expect(result.status == 2)
        #expect(
            firstLine(result.stderr) == "api: profile 'p' header X-Team cannot contain a line break (CR, LF or NUL)")
    }

    @Test func configNumbersAreRangeChecked() throws {
        let config = try ConfigFile(#"{"default":"p","profiles":{"p":{"retry":1e300}}}"#)
        defer { config.remove() }
        let result = run(["get", "users", "--offline"], variables: ["API_CONFIG": config.path])
        #expect(result.status == 2)
        #expect(
            firstLine(result.stderr) == "api: \(config.path): profiles.p.retry must be a whole number from 0 to 1000")
    }

    @Test func profilesListingHidesPasswordsInBaseURLs() throws {
        let config = try ConfigFile(
            #"{"default":"p","profiles":{"p":{"base":"https://ann:hunter2@api.test/v1"},"q":{"base":"bob:s3cret@q.test"}}}"#
        )
        defer { config.remove() }
        let result = run(["profiles"], variables: ["API_CONFIG": config.path])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("hunter2") && !result.stdout.contains("s3cret"))
        #expect(result.stdout.contains("https://ann:***@api.test/v1"))
        #expect(result.stdout.contains("bob:***@q.test"))
    }

    @Test func badTargetErrorHidesThePassword() {
        let result = run(["get", "ftp://ann:hunter2@files.test/x", "--offline"])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("hunter2"))
        #expect(result.stderr.contains("ftp://ann:***@files.test/x"))
    }

    /// A malformed `-H` is named by its first word only: the rest may be a token.
    @Test(arguments: [
        ("Authorization Bearer s3cr3t-token", "bad -H 'Authorization…': expected 'Name: value'"),
        ("X-Api-Key", "bad -H 'X-Api-Key': expected 'Name: value'"),
        (":s3cr3t-token", "bad -H ':…': the header name is empty"),
    ])
    func malformedHeaderErrorsHideTheValue(header: String, message: String) {
        let result = run(["get", "http://127.0.0.1:9/x", "-H", header])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("api: " + message))
        #expect(!result.stderr.contains("s3cr3t"))
    }

    private func firstLine(_ text: String) -> String? { text.split(separator: "\n").first.map(String.init) }
}

/// A config file in a fresh temporary folder.
struct ConfigFile {
    let folder: String
    var path: String { folder + "/config.json" }

    init(_ text: String) throws {
        var template = Array("/tmp/api-config-XXXXXX".utf8CString)
        folder = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let file = fopen(folder + "/config.json", "w")
        fputs(text, file)
        fclose(file)
    }

    func remove() {
        unlink(path)
        rmdir(folder)
    }
}
