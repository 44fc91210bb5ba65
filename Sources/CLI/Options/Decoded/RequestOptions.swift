import Client
import JSON

/// The options of `api METHOD TARGET`, decoded once right after parsing (with the terminal and `NO_COLOR`, which
/// decide the defaults): what to print and how, downloads, pagination and the exit-status options.
struct RequestOptions {
    var client: ClientOptions
    var selection: PrintSelection
    /// `-p` was given (`--offline` prints `HB` otherwise).
    var printGiven: Bool
    var pretty: PrettyMode
    var sortKeys: Bool
    var raw: Bool
    var stream: Bool
    var offline: Bool
    var curl: Bool
    var query: Query?
    var okStatuses: Set<Int>
    var ignoreStatus: Bool
    /// `-o FILE`.
    var outputFile: String?
    /// `-d`.
    var download: Bool
    /// `-c`.
    var resume: Bool
    var paginate: Bool
    var maxPages: Int
    var itemsPath: Query?
    var nextPath: Query?
    var ndjson: Bool

    init(_ arguments: ParsedArguments, terminal: Bool, noColor: Bool) throws(UsageError) {
        client = try ClientOptions(arguments)
        selection = try PrintSelection.from(arguments, terminal: terminal)
        printGiven = arguments.value(.print) != nil
        pretty = try PrettyMode.from(arguments, terminal: terminal, noColor: noColor)
        sortKeys = arguments.flag(.sortKeys)
        raw = arguments.flag(.raw)
        stream = arguments.flag(.stream)
        offline = arguments.flag(.offline)
        curl = arguments.flag(.curl)
        query = try parseQuery(arguments.value(.query), variables: try queryVariables(arguments))
        okStatuses = try parseOkStatuses(arguments.all(.ok))
        ignoreStatus = arguments.flag(.ignoreStatus)
        outputFile = arguments.value(.output)
        download = arguments.flag(.download)
        resume = arguments.flag(.`continue`)
        if resume, outputFile == nil, !download { throw UsageError("--continue needs -o FILE or --download") }
        paginate = arguments.flag(.paginate)
        maxPages = Int.max
        if let value = arguments.value(.maxPages) {
            maxPages = try NumberArgument.integer(value, option: "max-pages", range: NumberArgument.pages)
        }
        itemsPath = try parseQuery(arguments.value(.items))
        nextPath = try parseQuery(arguments.value(.nextUrl))
        ndjson = arguments.flag(.ndjson)
    }
}

/// The options of `api batch`, decoded once right after parsing.
struct BatchCommandOptions {
    var client: ClientOptions
    var query: Query?
    var okStatuses: Set<Int>
    var ignoreStatus: Bool
    var failFast: Bool
    var parallel: Int?
    var rate: Double?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        client = try ClientOptions(arguments)
        query = try parseQuery(arguments.value(.query), variables: try queryVariables(arguments))
        okStatuses = try parseOkStatuses(arguments.all(.ok))
        ignoreStatus = arguments.flag(.ignoreStatus)
        failFast = arguments.flag(.failFast)
        if let value = arguments.value(.parallel) {
            parallel = try NumberArgument.integer(value, option: "parallel", range: NumberArgument.parallel)
        }
        if let value = arguments.value(.rate) {
            rate = try NumberArgument.decimal(
                value, option: "rate", range: NumberArgument.rate, unit: "requests per second")
        }
    }
}
