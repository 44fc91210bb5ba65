import Client
import JSON
import MockServer

/// `api METHOD TARGET [ITEM ...]`: build the request, send it (or print it), print the response, pick the exit
/// status.
struct RequestCommand {
    let environment: Environment
    let arguments: ParsedArguments

    func run(method: String) throws(UsageError) -> ExitStatus {
        let positionals = arguments.positionals
        guard positionals.count >= 2 else {
            throw UsageError("missing TARGET after '\(positionals[0])', e.g. 'api \(method.lowercased()) users'")
        }
        let profile = try ProfileContext.load(environment, arguments)
        var request = try RequestBuilder(environment: environment, arguments: arguments, profile: profile)
            .build(method: method, target: positionals[1], items: Array(positionals.dropFirst(2)), firstItemIndex: 3)
        let retry = try profile.retryPolicy(arguments)
        let query = try parseQuery(arguments.value("query"), variables: try queryVariables(arguments))
        let okStatuses = try parseOkStatuses(arguments)
        let ignoreStatus = arguments.flag("ignore-status")
        let terminal = environment.stdoutIsTerminal
        let selection = try PrintSelection.from(arguments, terminal: terminal)
        let noColor = !(environment.variables["NO_COLOR"] ?? "").isEmpty
        let pretty = try PrettyMode.from(arguments, terminal: terminal, noColor: noColor)
        let stdout = environment.stdout

        if arguments.flag("curl") {
            stdout.write(CurlCommand.render(request))
            stdout.flush()
            return .success
        }
        let requestPrinter = RequestPrinter(style: Style(enabled: pretty.colors), pretty: pretty)
        if arguments.flag("offline") {
            stdout.write(requestPrinter.headers(of: request))
            stdout.write(requestPrinter.body(of: request))
            stdout.flush()
            return .success
        }
        let transfer = RetryingTransfer(policy: retry, stderr: environment.stderr)
        transfer.transfer.onNotice = { report($0) }
        if arguments.flag("paginate") {
            return try Paginator(
                environment: environment, arguments: arguments, transfer: transfer, query: query,
                printer: ValuePrinter(pretty: pretty, raw: arguments.flag("raw")), okStatuses: okStatuses
            ).run(request)
        }
        if selection.requestHeaders { stdout.write(requestPrinter.headers(of: request)) }
        if selection.requestBody, !request.body.isEmpty {
            stdout.write(requestPrinter.body(of: request))
            stdout.write("\n")
        }

        let plan = try downloadPlan(for: &request)
        let isSuccess: (Int) -> Bool = { status in
            ExitStatus.forHTTPStatus(status, okStatuses: okStatuses, ignoreStatus: ignoreStatus) == .success
        }
        let settings = ResponsePrinter.Settings(
            selection: selection, pretty: pretty, sortKeys: arguments.flag("sort-keys"), terminal: terminal,
            query: query, raw: arguments.flag("raw"), forceStream: arguments.flag("stream"), isSuccess: isSuccess,
            maxBody: try bodyLimit(arguments))
        let printer = ResponsePrinter(output: stdout, settings: settings, download: plan)
        var progressBar: ProgressBar?
        if plan != nil, environment.stderrIsTerminal {
            progressBar = ProgressBar(output: environment.stderr, offset: plan?.resumeFrom ?? 0, now: currentTime())
        }
        let result = transfer.perform(
            request, into: printer,
            progress: progressBar.map { bar in
                { total, received in bar.update(total: total, received: received, now: currentTime()) }
            })
        progressBar?.finish()
        let bodyProblem = printer.finish()
        let download = printer.download
        if let bodyProblem { report(bodyProblem.message) }

        var status: ExitStatus
        if bodyProblem?.stoppedTransfer == true {
            status = .transportFailure  // reported above; the aborted transfer is its consequence
        } else if let failure = result.failure {
            download?.discard()
            if let problem = printer.downloadError {
                report(problem)
                return .transportFailure
            }
            report("\(failure.summary) (\(request.method) \(redacted(request.url)))")
            status = ExitStatus.forFailure(failure)
        } else if let head = result.head {
            status = ExitStatus.forHTTPStatus(head.status, okStatuses: okStatuses, ignoreStatus: ignoreStatus)
            if printer.alreadyComplete {
                report("the download is already complete")
                return .success
            }
            if let problem = printer.downloadError {
                report(problem)
                return .transportFailure
            }
            if let download {
                if status == .success, let problem = download.commit() {
                    report(problem)
                    status = .transportFailure
                } else if status != .success {
                    download.discard()
                }
            }
            let shownOnTerminal = terminal && selection.responseHeaders
            if ExitStatus.forHTTPStatus(head.status) != .success, !shownOnTerminal {
                report(
                    "\(head.status) \(visible(head.reason)) (\(request.method) \(redacted(result.effectiveURL ?? request.url)))"
                )
            }
            if status == .success, let problemStatus = bodyProblem?.status { status = problemStatus }
        } else {
            status = .transportFailure
        }
        if selection.metadata {
            stdout.write(metadataLine(result))
            stdout.flush()
        }
        return status
    }

    /// `-o FILE` / `-d`, and `-c` (adds a Range request for the rest of a partial file).
    private func downloadPlan(for request: inout Request) throws(UsageError) -> ResponsePrinter.DownloadPlan? {
        let resume = arguments.flag("continue")
        if let path = arguments.value("output") {
            let size = resume ? DownloadFile.existingSize(path) : nil
            if let size, size > 0 { request.setHeader("Range", "bytes=\(size)-") }
            return .file(path: path, resumeFrom: size.flatMap { $0 > 0 ? $0 : nil })
        }
        if arguments.flag("download") {
            var size: Int?
            var name: String?
            if resume {
                name = DownloadName.choose(contentDisposition: nil, url: request.url, mediaType: nil)
                size = name.flatMap(DownloadFile.existingSize).flatMap { $0 > 0 ? $0 : nil }
                if let size { request.setHeader("Range", "bytes=\(size)-") }
            }
            return .automatic(url: request.url, resumeFrom: size, resumeName: name)
        }
        if resume { throw UsageError("--continue needs -o FILE or --download") }
        return nil
    }

    private func metadataLine(_ result: TransferResult) -> String {
        let millis = (result.totalTime * 1000 * 10).rounded() / 10
        var text = "\n"
        if let head = result.head { text += "Status: \(head.status) \(visible(head.reason))\n" }
        text += "Elapsed time: \(millis) ms\n"
        text += "Size: \(result.bytesDownloaded) bytes\n"
        if result.redirectCount > 0 { text += "Redirects: \(result.redirectCount)\n" }
        return text
    }

    private func report(_ message: String) {
        environment.stderr.write("api: \(message)\n")
        environment.stderr.flush()
    }
}

/// `--query EXPR`, parsed once; a syntax error (or an undefined function or variable) is a usage error with a
/// caret under its column.
func parseQuery(_ expression: String?, variables: QueryVariables = QueryVariables()) throws(UsageError) -> Query? {
    guard let expression else { return nil }
    do {
        return try Query(expression, named: variables.named, positional: variables.positional)
    } catch {
        throw UsageError("--query: \(error.message)", detail: error.caretLines)
    }
}

/// `--arg NAME=VALUE`, `--argjson NAME=JSON` and `--args VALUE`: `$NAME` and `$ARGS` for `--query`.
struct QueryVariables {
    var named: [(String, JSONValue)] = []
    var positional: [JSONValue] = []
}

func queryVariables(_ arguments: ParsedArguments) throws(UsageError) -> QueryVariables {
    var variables = QueryVariables()
    func split(_ text: String, _ option: String) throws(UsageError) -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw UsageError(
                "bad --\(option) '\(text.prefix(40))': expected NAME=\(option == "arg" ? "VALUE" : "JSON")")
        }
        let name = String(text[..<equals])
        guard name.first.map({ $0 == "_" || $0.isASCII && $0.isLetter }) == true,
            name.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) })
        else {
            throw UsageError("bad --\(option) name '\(name.prefix(40))': expected letters, digits and _")
        }
        return (name, String(text[text.index(after: equals)...]))
    }
    for text in arguments.all("arg") {
        let (name, value) = try split(text, "arg")
        variables.named.append((name, .string(value)))
    }
    for text in arguments.all("argjson") {
        let (name, json) = try split(text, "argjson")
        do {
            variables.named.append((name, try JSON.parse(json)))
        } catch {
            throw UsageError("bad --argjson \(name): invalid JSON at column \(error.column): \(error.message)")
        }
    }
    variables.positional = arguments.all("args").map(JSONValue.string)
    return variables
}

/// `--max-body SIZE`: `256MB`, `64K`, `1G`, or bytes; at least 1 byte.
func bodyLimit(_ arguments: ParsedArguments) throws(UsageError) -> BodyLimit {
    guard let text = arguments.value("max-body") else { return .standard }
    guard let bytes = parseSize(text), bytes > 0 else {
        throw UsageError("bad --max-body '\(text)': expected a size above 0 such as 64K, 256MB or 1G")
    }
    return BodyLimit(bytes: bytes)
}

/// `--ok 404,409`.
func parseOkStatuses(_ arguments: ParsedArguments) throws(UsageError) -> Set<Int> {
    var statuses = Set<Int>()
    for list in arguments.all("ok") {
        for part in list.split(separator: ",") {
            guard let code = Int(part.trimmingBlanks()), (100..<600).contains(code) else {
                throw UsageError("bad --ok '\(list)': expected HTTP statuses such as 404,409")
            }
            statuses.insert(code)
        }
    }
    return statuses
}
