import Client
import JSON

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
        let request = try RequestBuilder(environment: environment, arguments: arguments)
            .build(method: method, target: positionals[1], items: Array(positionals.dropFirst(2)), firstItemIndex: 3)
        let okStatuses = try parseOkStatuses()
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
        if selection.requestHeaders { stdout.write(requestPrinter.headers(of: request)) }
        if selection.requestBody, !request.body.isEmpty {
            stdout.write(requestPrinter.body(of: request))
            stdout.write("\n")
        }

        var download: DownloadFile?
        if let path = arguments.value("output") {
            let file = DownloadFile(path: path)
            if let problem = file.open() { throw UsageError(problem) }
            download = file
        }
        let printer = ResponsePrinter(
            output: stdout, selection: selection, pretty: pretty, sortKeys: arguments.flag("sort-keys"),
            terminal: terminal, download: download)
        let result = Transfer().perform(request, into: printer)
        if let problem = printer.finish() { report(problem) }

        var status: ExitStatus
        if let failure = result.failure, !(failure.isAbortedByOutput && printer.downloadError == nil) {
            download?.discard()
            if let problem = printer.downloadError {
                report(problem)
                return .transportFailure
            }
            report("\(failure.summary) (\(request.method) \(redacted(request.url)))")
            status = ExitStatus.forFailure(failure)
        } else if let head = result.head {
            status = ExitStatus.forHTTPStatus(
                head.status, okStatuses: okStatuses, ignoreStatus: arguments.flag("ignore-status"))
            if let download {
                if status == .success, (200..<300).contains(head.status) || okStatuses.contains(head.status)
                    || arguments.flag("ignore-status")
                {
                    if let problem = download.commit() {
                        report(problem)
                        status = .transportFailure
                    }
                } else {
                    download.discard()
                }
            }
            let shownOnTerminal = terminal && selection.responseHeaders
            if ExitStatus.forHTTPStatus(head.status) != .success, !shownOnTerminal {
                report("\(head.status) \(head.reason) (\(request.method) \(redacted(result.effectiveURL ?? request.url)))")
            }
        } else {
            status = .transportFailure
        }
        if selection.metadata {
            stdout.write(metadataLine(result))
            stdout.flush()
        }
        return status
    }

    private func metadataLine(_ result: TransferResult) -> String {
        let millis = (result.totalTime * 1000 * 10).rounded() / 10
        var text = "\n"
        if let head = result.head { text += "Status: \(head.status) \(head.reason)\n" }
        text += "Elapsed time: \(millis) ms\n"
        text += "Size: \(result.bytesDownloaded) bytes\n"
        if result.redirectCount > 0 { text += "Redirects: \(result.redirectCount)\n" }
        return text
    }

    private func parseOkStatuses() throws(UsageError) -> Set<Int> {
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

    private func report(_ message: String) {
        environment.stderr.write("api: \(message)\n")
        environment.stderr.flush()
    }
}

extension TransferFailure {
    /// The transfer was stopped because the output could not take more (e.g. the download file failed).
    var isAbortedByOutput: Bool { if case .aborted = self { true } else { false } }

    /// One lower-case line for stderr.
    var summary: String {
        switch self {
        case .timeout(let detail): "timed out: \(lowerFirst(detail))"
        case .tooManyRedirects(let limit): "more than \(limit) redirects (raise --max-redirects)"
        case .transport(let detail): lowerFirst(detail)
        case .aborted(let detail): "transfer aborted: \(lowerFirst(detail))"
        case .badURL(let detail): "bad URL: \(lowerFirst(detail))"
        }
    }
}

func lowerFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
}

/// The URL with any password in it replaced: secrets never go to logs or errors.
func redacted(_ url: String) -> String {
    guard let scheme = url.firstRange(of: "://") else { return url }
    let rest = url[scheme.upperBound...]
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@") else { return url }
    let user = authority[..<at].split(separator: ":", maxSplits: 1).first ?? ""
    return String(url[..<scheme.upperBound]) + user + ":***" + String(rest[at...])
}
