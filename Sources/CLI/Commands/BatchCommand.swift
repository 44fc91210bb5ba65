import Client

/// `api batch [FILE|-]`: NDJSON request specs in, one NDJSON result line per request out (in input order), run over
/// libcurl's multi interface with reused connections.
struct BatchCommand {
    let environment: Environment
    let arguments: ParsedArguments

    func run() throws(UsageError) -> ExitStatus {
        let files = arguments.positionals.dropFirst()
        guard files.count <= 1 else {
            throw UsageError("'api batch' takes one FILE (or '-' for stdin), got \(files.count)")
        }
        let source = files.first ?? "-"
        if source == "-", environment.stdinIsTerminal {
            throw UsageError("api batch reads NDJSON request specs from FILE or stdin; stdin is a terminal")
        }
        let decoded = try BatchCommandOptions(arguments)
        let profile = try ProfileContext.load(environment, profile: decoded.client.profile)
        let builder = RequestBuilder(environment: environment, options: decoded.client, profile: profile)
        var options = BatchOptions()
        options.baseURL = try builder.baseURL()
        let baseURL: RequestURL
        do {
            baseURL = try RequestURL(parsing: options.baseURL)
        } catch {
            throw UsageError("bad base URL '\(redacted(options.baseURL))': \(error)")
        }
        let template = try builder.baseRequest(method: "GET", url: baseURL)
        options.defaultHeaders = template.headers
        options.transfer = template.options
        options.retry = profile.retryPolicy(decoded.client.retry)
        options.query = decoded.query
        options.okStatuses = decoded.okStatuses
        options.ignoreStatus = decoded.ignoreStatus
        options.failFast = decoded.failFast
        if let parallel = decoded.parallel { options.parallel = parallel }
        if let rate = decoded.rate { options.rate = rate }

        let lines: LineReader
        let limit = decoded.client.maxBody
        do {
            lines = source == "-" ? LineReader(descriptor: 0, limit: limit) : try LineReader(path: source, limit: limit)
        } catch {
            throw UsageError(error.description)
        }
        let runner = BatchRunner(options: options)
        let stderr = environment.stderr
        runner.credentialGuard = CredentialGuard(
            credentialsFor: Origin(baseURL), credentialHeaders: template.credentialHeaders,
            allowAnyOrigin: decoded.client.followAnyOrigin
        ) { notice in
            stderr.write("api: \(notice)\n")
            stderr.flush()
        }
        runner.onNotice = { notice in
            stderr.write("api: \(notice)\n")
            stderr.flush()
        }
        runner.onRetry = { notice in
            stderr.write("api: \(visible("\(notice)"))\n")
            stderr.flush()
        }
        let stdout = environment.stdout
        let showProgress = environment.stderrIsTerminal
        let status = runner.run(
            lines: lines,
            output: { bytes in
                stdout.write(bytes)
                stdout.flush()
                return !((stdout as? FileDescriptorOutput)?.failed ?? false)
            },
            progress: showProgress
                ? { progress in
                    let total = progress.total.map { "/\($0)" } ?? ""
                    let rate = Int(progress.requestsPerSecond.rounded())
                    stderr.write("\r\u{1B}[Kapi: batch \(progress.done)\(total) done, \(rate) req/s")
                    stderr.flush()
                } : nil)
        if showProgress { stderr.write("\n") }
        if let problem = lines.readError { stderr.write("api: \(problem)\n") }
        if decoded.client.verbose || showProgress {
            let stats = runner.statistics
            stderr.write(
                "api: batch: \(stats.requests) requests, \(stats.failed) failed, \(stats.retries) retries, "
                    + "\(stats.connectionsOpened) connections\n")
        }
        stderr.flush()
        return status
    }
}
