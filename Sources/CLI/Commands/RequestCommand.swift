import Client
import JSON
import Support

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
        let terminal = environment.stdoutIsTerminal
        let noColor = !(environment.variables["NO_COLOR"] ?? "").isEmpty
        let options = try RequestOptions(arguments, terminal: terminal, noColor: noColor)
        let profile = try ProfileContext.load(environment, profile: options.client.profile)
        var request = try RequestBuilder(environment: environment, options: options.client, profile: profile)
            .build(method: method, target: positionals[1], items: Array(positionals.dropFirst(2)), firstItemIndex: 3)
        let retry = profile.retryPolicy(options.client.retry)
        let query = options.query
        let okStatuses = options.okStatuses
        let ignoreStatus = options.ignoreStatus
        let selection = options.selection
        let pretty = options.pretty
        let stdout = environment.stdout

        if options.curl {
            stdout.write(CurlCommand.render(request))
            stdout.flush()
            return .success
        }
        let requestPrinter = RequestPrinter(style: Style(enabled: pretty.colors), pretty: pretty)
        if options.offline {
            // What a send would write, taken from libcurl itself; `-p H` / `-p B` pick the head or the body.
            let wire: [UInt8]
            switch RequestCapture.bytes(of: request) {
            case .success(let bytes): wire = bytes
            case .failure(let failure):
                report("\(failure.summary) (\(request.method) \(request.url.redacted))")
                return ExitStatus.forFailure(failure)
            }
            let shown = options.printGiven ? selection : try PrintSelection(letters: "HB")
            let printer = WirePrinter(style: Style(enabled: pretty.colors), pretty: pretty, terminal: terminal)
            stdout.write(printer.render(wire, headers: shown.requestHeaders, body: shown.requestBody))
            stdout.flush()
            return .success
        }
        let transfer = RetryingTransfer(policy: retry)
        transfer.transfer.onNotice = { report($0) }
        transfer.onRetry = { report($0.line(showing: visible)) }
        if options.paginate {
            return try Paginator(
                environment: environment, options: options, transfer: transfer,
                printer: ValuePrinter(pretty: pretty, raw: options.raw)
            ).run(request)
        }
        // `-v` with a multipart body: rendered once, so the boundary and parts printed are the bytes then sent.
        if selection.requestBody, let rendered = request.renderingMultipart(limit: options.client.maxBody) {
            request = rendered
        }
        if selection.requestHeaders { stdout.write(requestPrinter.headers(of: request)) }
        if selection.requestBody, !request.body.isEmpty {
            stdout.write(requestPrinter.body(of: request))
            stdout.write("\n")
        }

        let plan = downloadPlan(options, for: &request)
        let isSuccess: (Int) -> Bool = { status in
            ExitStatus.forHTTPStatus(status, okStatuses: okStatuses, ignoreStatus: ignoreStatus) == .success
        }
        let settings = ResponsePrinter.Settings(
            selection: selection, pretty: pretty, sortKeys: options.sortKeys, terminal: terminal, query: query,
            raw: options.raw, forceStream: options.stream, isSuccess: isSuccess, maxBody: options.client.maxBody)
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
        // After redirects, the URL that answered (libcurl's, as it sent it).
        let answered = result.head == nil ? nil : result.effectiveURL.map(redacted)
        let outcome = RequestOutcome(
            failure: result.failure, status: result.head?.status, reason: result.head?.reason ?? "",
            request: "\(request.method) \(answered ?? request.url.redacted)",
            bodyProblem: bodyProblem.map {
                BodyProblemSummary(message: $0.message, status: $0.status, stoppedTransfer: $0.stoppedTransfer)
            }, downloadError: printer.downloadError, alreadyComplete: printer.alreadyComplete,
            hasDownload: printer.download != nil, headShownOnTerminal: terminal && selection.responseHeaders,
            okStatuses: okStatuses, ignoreStatus: ignoreStatus)
        var decision = ExitDecision.decide(outcome)
        switch decision.download {
        case .keep: break
        case .discard: printer.download?.discard()
        case .commit:
            if let problem = printer.download?.commit() {
                decision = ExitDecision.decide(outcome, commitProblem: problem)
            }
        }
        for line in decision.reports { report(line) }
        if decision.skipsMetadata { return decision.status }
        let status = decision.status
        if selection.metadata {
            stdout.write(metadataLine(result))
            stdout.flush()
        }
        return status
    }

    /// `-o FILE` / `-d`, and `-c` (adds a Range request for the rest of a partial file).
    private func downloadPlan(_ options: RequestOptions, for request: inout Request) -> ResponsePrinter.DownloadPlan? {
        let resume = options.resume
        if let path = options.outputFile {
            let size = resume ? DownloadFile.existingSize(path) : nil
            if let size, size > 0 { request.setHeader("Range", "bytes=\(size)-") }
            return .file(path: path, resumeFrom: size.flatMap { $0 > 0 ? $0 : nil })
        }
        if options.download {
            var size: Int?
            var name: String?
            if resume {
                name = DownloadName.choose(contentDisposition: nil, path: request.url.path, mediaType: nil)
                size = name.flatMap(DownloadFile.existingSize).flatMap { $0 > 0 ? $0 : nil }
                if let size { request.setHeader("Range", "bytes=\(size)-") }
            }
            return .automatic(path: request.url.path, resumeFrom: size, resumeName: name)
        }
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
    for text in arguments.all(.arg) {
        let (name, value) = try split(text, "arg")
        variables.named.append((name, .string(value)))
    }
    for text in arguments.all(.argjson) {
        let (name, json) = try split(text, "argjson")
        do {
            variables.named.append((name, try JSON.parse(json)))
        } catch {
            throw UsageError("bad --argjson \(name): invalid JSON at column \(error.column): \(error.message)")
        }
    }
    variables.positional = arguments.all(.args).map(JSONValue.string)
    return variables
}

/// `--max-body SIZE`: `256MB`, `64K`, `1G`, or bytes; at least 1 byte.
func bodyLimit(_ text: String?) throws(UsageError) -> BodyLimit {
    guard let text else { return .standard }
    guard let bytes = parseByteSize(text), bytes > 0 else {
        throw UsageError("bad --max-body '\(text)': expected a size above 0 such as 64K, 256MB or 1G")
    }
    return BodyLimit(bytes: bytes)
}

/// `--ok 404,409`.
func parseOkStatuses(_ lists: [String]) throws(UsageError) -> Set<Int> {
    var statuses = Set<Int>()
    for list in lists {
        for part in list.split(separator: ",") {
            guard let code = Int(part.trimmingBlanks()), (100..<600).contains(code) else {
                throw UsageError("bad --ok '\(list)': expected HTTP statuses such as 404,409")
            }
            statuses.insert(code)
        }
    }
    return statuses
}
