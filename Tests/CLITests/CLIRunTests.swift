import Serve
import Testing

@testable import CLI

/// The whole CLI run in-process with an injected environment (no network: --offline, --curl, usage errors).
@Suite struct CLIRunTests {
    func run(_ arguments: [String], variables: [String: String] = [:], terminal: Bool = false)
        -> (status: Int32, stdout: String, stderr: String)
    {
        let stdout = MemoryOutput()
        let stderr = MemoryOutput()
        let environment = Environment(
            arguments: arguments, variables: variables, stdout: stdout, stderr: stderr, stdoutIsTerminal: terminal)
        let status = API.run(environment, serve: ServeCommand.run)
        return (status, stdout.text, stderr.text)
    }

    @Test func offlinePrintsTheRequest() {
        let result = run(["post", "users", "name=alice", "age:=30", "--offline", "--base", "http://api.test/v1"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("POST /v1/users HTTP/1.1\nHost: api.test\n"))
        #expect(result.stdout.contains("Content-Type: application/json\n"))
        #expect(result.stdout.hasSuffix("{\"name\":\"alice\",\"age\":30}\n"))
    }

    @Test func baseURLPrecedence() {
        let fromEnv = run(["get", "users", "--offline"], variables: ["API_BASE_URL": "http://env.test"])
        #expect(fromEnv.stdout.contains("Host: env.test"))
        let fromOption = run(
            ["get", "users", "--offline", "--base", "http://opt.test"], variables: ["API_BASE_URL": "http://env.test"])
        #expect(fromOption.stdout.contains("Host: opt.test"))
        let byDefault = run(["get", "users", "--offline"])
        #expect(byDefault.stdout.contains("Host: localhost:3000"))
    }

    @Test func curlCommandIsShellQuoted() {
        let result = run(["put", "http://x.test/a", "q==a b", "name=it's", "--curl", "-F", "--timeout", "2"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "curl -X PUT 'http://x.test/a?q=a%20b' -H 'User-Agent: api/\(HelpText.version)' "
                + "-H 'Accept: application/json, */*;q=0.5' -H 'Content-Type: application/json' "
                + "--data-binary '{\"name\":\"it'\\''s\"}' --compressed -L --max-redirs 30 --max-time 2\n")
    }

    @Test func bearerFromEnvironmentIsSent() {
        let result = run(["get", "users", "--offline"], variables: ["API_TOKEN": "t0k"])
        #expect(result.stdout.contains("Authorization: Bearer t0k\n"))
    }

    static let usageErrors: [([String], String)] = [
        ([], "api: missing METHOD and TARGET, e.g. 'api get users'"),
        (["get"], "api: missing TARGET after 'get', e.g. 'api get users'"),
        (["gte", "users"], "api: unknown method or command 'gte'; did you mean 'get'?"),
        (["get", "users", "--pretty", "loud"], "api: invalid --pretty 'loud': use all, colors, format or none"),
        (["get", "users", "-p", "hx"], "api: invalid --print letter 'x' in 'hx': use H, B, h, b or m"),
        (["get", "users", "--ok", "abc"], "api: bad --ok 'abc': expected HTTP statuses such as 404,409"),
        (
            ["get", "users", "--max-redirects", "-2"],
            "api: bad --max-redirects '-2': expected a whole number from 0 to 1000"
        ),
        (["get", "ftp://x/y"], "api: bad target 'ftp://x/y': unsupported URL scheme 'ftp': use http:// or https://"),
        (["serve", "db.json"], "api: 'api serve' needs --mock: api serve --mock [FILE]"),
        (["serve", "--mock", "--port", "99999"], "api: bad --port '99999': expected 0 to 65535"),
        (
            ["serve", "--mock", "--max-body", "lots"],
            "api: bad --max-body 'lots': expected a size such as 512KB or 10MB"
        ),
        (["get", "users", "--auth", "a:b", "--bearer", "t"], "api: --auth and --bearer cannot be used together"),
        (["completions", "tcsh"], "api: unknown shell 'tcsh': use bash, zsh or fish"),
    ]

    @Test(arguments: usageErrors)
    func usageErrorsExit2(_ arguments: [String], _ firstLine: String) {
        let result = run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == firstLine)
        #expect(result.stderr.contains("usage: api [OPTIONS] METHOD TARGET [ITEM ...]"))
        #expect(result.stdout.isEmpty)
    }

    @Test func versionAndHelp() {
        #expect(run(["--version"]).stdout.hasPrefix("api \(HelpText.version) (libcurl/"))
        let help = run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("usage: api [OPTIONS] METHOD TARGET [ITEM ...]"))
        let postHelp = run(["post", "--help"])
        #expect(postHelp.stdout.hasPrefix("usage: api [OPTIONS] post TARGET [ITEM ...]"))
        #expect(!postHelp.stdout.contains("--ready-file"))
        #expect(run(["help", "serve"]).stdout.contains("--ready-file"))
    }

    @Test func completionsCommandPrintsTheScripts() {
        for shell in ["bash", "zsh", "fish"] {
            let result = run(["completions", shell])
            #expect(result.status == 0)
            #expect(result.stdout == Completions.script(for: shell))
        }
    }
}
