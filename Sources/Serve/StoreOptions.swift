import CLI
import MockServer
import Support

extension ServeExtras {
    /// `--store URL` (or `$API_STORE`) and `--pool N`. File-only options are refused with a PostgreSQL store.
    static func applyStore(
        _ arguments: ParsedArguments, to options: inout MockServerOptions, environment: EnvironmentVariables
    ) throws(UsageError) {
        let text = arguments.value(.store) ?? environment["API_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        if let text {
            if text.hasPrefix("file:") {
                let path = String(text.dropFirst("file:".count))
                guard !path.isEmpty else { throw UsageError("bad --store '\(text)': expected file:PATH") }
                if options.fileGiven, path != options.file {
                    throw UsageError("--store \(text) and FILE \(options.file) name two files: give one")
                }
                options.file = path
                options.fileGiven = true
            } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
                do {
                    options.store = .postgres(try PostgresLocation(text))
                } catch {
                    throw UsageError("bad --store: \(error.message)")
                }
            } else {
                throw UsageError("bad --store: expected postgres://USER[:PASS]@HOST[:PORT]/DBNAME or file:PATH")
            }
        }
        if let pool = arguments.value(.pool) {
            options.pool = try NumberArgument.integer(
                pool, option: "pool", range: 1...MockServerOptions.maximumPool, unit: "a number of connections")
        }
        guard case .postgres = options.store else {
            if arguments.value(.pool) != nil { throw UsageError("--pool needs --store postgres://…") }
            return
        }
        if arguments.flag(.noWatch) {
            throw UsageError("--no-watch is for a JSON file; it does not apply to --store postgres://")
        }
    }
}
