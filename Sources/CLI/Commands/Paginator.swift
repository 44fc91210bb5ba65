import Client
import JSON

/// `--paginate`: fetches page after page and prints the items of all pages as one JSON array (or, with `--ndjson`,
/// one item per line as each page arrives, in constant memory). A `--query` runs on the merged array, so `length`
/// counts every item, not one page's; with `--ndjson` it runs on each item.
struct Paginator {
    let environment: Environment
    let options: RequestOptions
    let transfer: RetryingTransfer
    let printer: ValuePrinter
    var query: Query? { options.query }
    var okStatuses: Set<Int> { options.okStatuses }

    func run(_ first: Request) throws(UsageError) -> ExitStatus {
        let maxPages = options.maxPages
        let itemsPath = options.itemsPath
        let nextPath = options.nextPath
        let ndjson = options.ndjson
        let limit = options.client.maxBody
        let stdout = environment.stdout
        let credentials = CredentialGuard(
            credentialsFor: Origin(first.url), allowAnyOrigin: options.client.followAnyOrigin, notice: report)

        var request = first
        var merged: [JSONValue] = []
        var mergedBytes = 0  // the pages' sizes: what `merged` holds, roughly
        var seen: Set<String> = []  // the pages' URLs as sent
        var pages = 0
        while pages < maxPages {
            seen.insert(request.url.string())
            let sink = CollectingSink(limit: limit)
            let result = transfer.perform(credentials.apply(request), into: sink)
            pages += 1
            if sink.overLimit {
                report(limit.exceeded("page \(pages)'s body", because: "--paginate reads each page whole"))
                return .transportFailure
            }
            if let failure = result.failure {
                report("\(failure.summary) (\(request.method) \(request.url.redacted), page \(pages))")
                return ExitStatus.forFailure(failure)
            }
            guard let head = result.head else { return .transportFailure }
            let status = ExitStatus.forHTTPStatus(head.status, okStatuses: okStatuses)
            if status != .success {
                stdout.write(sink.body)
                stdout.flush()
                report(
                    "\(head.status) \(visible(head.reason)) (\(request.method) \(request.url.redacted), page \(pages))"
                )
                return status
            }
            let body: JSONValue
            do {
                body = try JSON.parse(sink.body)
            } catch {
                report("page \(pages) is not JSON (\(request.url.redacted)): \(error)")
                return .transportFailure
            }
            let items: [JSONValue]
            do {
                items =
                    try itemsPath.map { path throws(QueryError) in try flatten(path.evaluate(body)) }
                    ?? PageLinks.items(of: body)
            } catch {
                throw UsageError("--items: \(error.message)", detail: error.caretLines)
            }
            if ndjson {
                var out: [UInt8] = []
                for item in items {
                    if let query {
                        do {
                            try query.evaluate(item) { printer.write($0, into: &out) }
                        } catch {
                            report("\(error)")
                            return .usage
                        }
                    } else {
                        JSONWriter(layout: .compact).write(item, into: &out)
                        out.append(0x0A)
                    }
                }
                stdout.write(out)
                stdout.flush()
            } else {
                guard limit.admits(mergedBytes, adding: sink.body.count) else {
                    report(
                        limit.exceeded(
                            "the merged result of \(pages) pages", because: "--ndjson prints each page as it arrives"))
                    return .transportFailure
                }
                mergedBytes += sink.body.count
                merged.append(contentsOf: items)
            }
            guard let next = try nextURL(head: head, body: body, current: request.url, path: nextPath) else { break }
            let url: RequestURL
            switch next {
            case .success(let found): url = found
            case .failure(let error):
                report("page \(pages)'s next link is not a URL to follow: \(error)")
                return .transportFailure
            }
            if seen.contains(url.string()) { break }
            request.url = url
        }
        if !ndjson {
            var out: [UInt8] = []
            if let query {
                do {
                    try query.evaluate(.array(merged)) { printer.write($0, into: &out) }
                } catch {
                    stdout.write(out)
                    report("\(error)")
                    return .usage
                }
            } else {
                printer.write(.array(merged), into: &out)
            }
            stdout.write(out)
            stdout.flush()
        }
        return .success
    }

    /// The next page's URL, if there is a next page: from `--next-url`'s path in the body, else the `Link` header,
    /// else the envelope; a failure when the link found is no http(s) URL.
    private func nextURL(head: ResponseHead, body: JSONValue, current: RequestURL, path: Query?) throws(UsageError)
        -> Result<RequestURL, URLParseError>?
    {
        var link: String?
        if let path {
            do {
                guard case .string(let text)? = try path.evaluate(body).first else { return nil }
                link = text
            } catch {
                throw UsageError("--next-url: \(error.message)", detail: error.caretLines)
            }
        } else {
            link = head.header("link").flatMap(PageLinks.next(fromLinkHeader:))
        }
        do throws(URLParseError) {
            guard let link else {
                return try PageLinks.next(fromEnvelope: body, currentURL: current).map { .success($0) }
            }
            return .success(try current.resolving(link))
        } catch {
            return .failure(error)
        }
    }

    /// `--items .data` gives one array; `.data[]` gives the items themselves.
    private func flatten(_ results: [JSONValue]) -> [JSONValue] {
        if results.count == 1, case .array(let items) = results[0] { return items }
        return results
    }

    private func report(_ message: String) {
        environment.stderr.write("api: \(message)\n")
        environment.stderr.flush()
    }
}
