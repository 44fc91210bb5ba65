import CLI
import Dispatch
import MockServer
import Support

/// `api serve --mock [FILE]` (run by the `api-serve` binary, which `api serve` starts): maps the options onto the
/// mock server and runs it until SIGINT/SIGTERM.
public struct ServeCommand {
    /// The `serve` handler of `API.run`.
    public static func run(_ environment: Environment, _ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        try ServeCommand(environment: environment, arguments: arguments).run()
    }

    let environment: Environment
    let arguments: ParsedArguments

    func run() throws(UsageError) -> Int32 {
        guard arguments.flag(.mock) else {
            throw UsageError("'api serve' needs --mock: api serve --mock [FILE]")
        }
        let files = arguments.positionals.dropFirst()
        guard files.count <= 1 else {
            throw UsageError("'api serve --mock' takes one FILE, got \(files.count): \(files.joined(separator: " "))")
        }
        var options = MockServerOptions(file: files.first ?? "db.json")
        options.fileGiven = files.first != nil
        try ServeExtras.applyStore(arguments, to: &options, environment: environment.variables)
        if let host = arguments.value(.host) { options.host = host }
        if let port = arguments.value(.port) {
            guard let number = Int(port), (0...65535).contains(number) else {
                throw UsageError("bad --port '\(port)': expected 0 to 65535")
            }
            options.port = number
        }
        options.staticDirectory = arguments.value(.`static`)
        if let delay = arguments.value(.delay) {
            let maximum = MockServerOptions.maximumDelayMilliseconds
            guard let milliseconds = Int(delay), (0...maximum).contains(milliseconds) else {
                throw UsageError("bad --delay '\(delay)': expected milliseconds from 0 to \(maximum), e.g. 250")
            }
            options.delayMilliseconds = milliseconds
        }
        if let idle = arguments.value(.idleTimeout) {
            guard let seconds = Double(idle), seconds.isFinite, seconds >= 0.001, seconds <= 86_400 else {
                throw UsageError("bad --idle-timeout '\(idle)': expected seconds from 0.001 to 86400, e.g. 60")
            }
            options.idleTimeout = .milliseconds(Int((seconds * 1000).rounded()))
        }
        options.readOnly = arguments.flag(.readOnly)
        options.watch = !arguments.flag(.noWatch)
        if let cors = arguments.value(.cors) { options.cors = cors == "off" ? nil : cors }
        if let size = arguments.value(.maxBody) {
            guard let bytes = parseByteSize(size) else {
                throw UsageError("bad --max-body '\(size)': expected a size such as 512KB or 10MB")
            }
            options.maxBodyBytes = bytes
        }
        options.readyFile = arguments.value(.readyFile)
        options.quiet = arguments.flag(.quiet)
        options.strict = arguments.flag(.strict)
        try ServeExtras.apply(arguments, to: &options)
        environment.stdout.flush()
        environment.stderr.flush()
        let configured = options
        return runBlocking { await runMockServer(configured) }
    }
}

/// Runs an async function to completion from synchronous code (the one-shot client stays free of the concurrency
/// runtime; only `serve` needs it).
func runBlocking(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var status: Int32 = 0
    Task {
        status = await body()
        done.signal()
    }
    done.wait()
    return status
}
