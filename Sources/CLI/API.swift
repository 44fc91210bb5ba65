import Client
import Curl

/// The `api` command line: parses the arguments, runs the command, returns the exit status.
public enum API {
    /// Runs `api serve`: the `api-serve` binary passes the server; `api` itself, which links no server code,
    /// passes nil and replaces itself with `api-serve` (see `ServeLauncher`).
    public typealias ServeHandler = (Environment, ParsedArguments) throws(UsageError) -> Int32

    public static func run(_ environment: Environment, serve: ServeHandler? = nil) -> Int32 {
        do {
            return try dispatch(environment, serve: serve)
        } catch {
            let stderr = environment.stderr
            stderr.write("api: \(error.message)\n")
            if let detail = error.detail { stderr.write(indent(detail) + "\n") }
            stderr.write(HelpText.usage + "\n")
            stderr.write("Try 'api --help' for more.\n")
            stderr.flush()
            return ExitStatus.usage.rawValue
        }
    }

    private static func dispatch(_ environment: Environment, serve: ServeHandler?) throws(UsageError) -> Int32 {
        let arguments = try ArgumentParser().parse(environment.arguments)
        let stdout = environment.stdout
        let command = arguments.positionals.first?.lowercased()

        if arguments.flag(.version) {
            stdout.write("api \(HelpText.version) (\(curlVersion))\n")
            stdout.flush()
            return 0
        }
        if arguments.flag(.man) {
            stdout.write(ManPage.render())
            stdout.flush()
            return 0
        }
        if arguments.flag(.help) || command == "help" {
            let topic = command == "help" ? arguments.positionals.dropFirst().first : command
            if let topic, !OptionTable.commands.contains(where: { $0.name == topic.lowercased() }) {
                throw unknownCommand(topic)
            }
            stdout.write(topic.map { HelpText.command($0.lowercased()) } ?? HelpText.general())
            stdout.flush()
            return 0
        }
        guard let command else {
            throw UsageError("missing METHOD and TARGET, e.g. 'api get users'")
        }
        if OptionTable.methods.contains(command) || RequestMethod.isExtensionMethod(arguments.positionals[0]) {
            try checkScope(arguments, .request, command: command)
            return try RequestCommand(environment: environment, arguments: arguments).run(method: command.uppercased())
                .rawValue
        }
        switch command {
        case "serve":
            try checkScope(arguments, .serve, command: command)
            guard let serve else { throw ServeLauncher.exec(environment) }
            return try serve(environment, arguments)
        case "batch":
            try checkScope(arguments, .batch, command: command)
            return try BatchCommand(environment: environment, arguments: arguments).run().rawValue
        case "profiles":
            try checkScope(arguments, .global, command: command)
            return try ProfilesCommand(environment: environment, arguments: arguments).run()
        case "completions":
            try checkScope(arguments, .global, command: command)
            guard let shell = arguments.positionals.dropFirst().first else {
                throw UsageError("missing SHELL: api completions bash|zsh|fish")
            }
            guard let script = Completions.script(for: shell) else {
                throw UsageError("unknown shell '\(shell)': use bash, zsh or fish")
            }
            stdout.write(script)
            stdout.flush()
            return 0
        default:
            throw unknownCommand(arguments.positionals[0])
        }
    }

    private static func unknownCommand(_ word: String) -> UsageError {
        let names = OptionTable.commands.map(\.name)
        if let guess = closest(to: word.lowercased(), in: names) {
            return UsageError("unknown method or command '\(word)'; did you mean '\(guess)'?")
        }
        return UsageError(
            "unknown method or command '\(word)' (methods: \(OptionTable.methods.joined(separator: " ")))")
    }

    /// Rejects options that belong to another command, e.g. `api get users --port 3`.
    private static func checkScope(_ arguments: ParsedArguments, _ scope: OptionSpec.Scope, command: String)
        throws(UsageError)
    {
        for long in arguments.values.keys.sorted() {
            guard let spec = OptionTable.option(long: long), !spec.scope.admits(scope) else { continue }
            let owner =
                switch spec.scope {
                case .serve: "'api serve'"
                case .batch: "'api batch'"
                default: "requests (api METHOD TARGET)"
                }
            throw UsageError("option '--\(long)' is for \(owner), not '\(command)'")
        }
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
