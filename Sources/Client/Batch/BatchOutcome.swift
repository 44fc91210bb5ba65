import JSON

/// What became of one request of a batch, and how its output line reads. Keys come in this order:
///
///     {"index":0,"status":201,"headers":{…},"body":…,"time_ms":3.1}
///     {"index":0,"status":200,"headers":{…},"error":"query failed: …","time_ms":3.1}   (--query failed on the body)
///     {"index":3,"error":"couldn't connect to server"}
///     {"index":3,"line":4,"error":"line 4: missing \"url\""}                            (the spec line is invalid)
enum BatchOutcome: Equatable {
    case response(status: Int, headers: JSONObject, body: JSONValue, milliseconds: Double)
    case queryFailed(status: Int, headers: JSONObject, error: String, milliseconds: Double)
    case failed(TransferFailure)
    case invalidSpec(BatchSpecError)

    /// The exit status this outcome counts as; the worst over a batch (by `severity`) is the batch's.
    func exitStatus(okStatuses: Set<Int>, ignoreStatus: Bool) -> ExitStatus {
        switch self {
        case .response(let status, _, _, _):
            ExitStatus.forHTTPStatus(status, okStatuses: okStatuses, ignoreStatus: ignoreStatus)
        case .queryFailed: .usage
        case .failed(let failure): ExitStatus.forFailure(failure)
        case .invalidSpec: .usage
        }
    }

    /// Appends the compact JSON line, `\n` included.
    func write(index: Int, with writer: JSONWriter, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"index":"#.utf8)
        out.append(contentsOf: String(index).utf8)
        switch self {
        case .response(let status, let headers, let body, let milliseconds):
            writeHead(status: status, headers: headers, with: writer, into: &out)
            out.append(contentsOf: #","body":"#.utf8)
            writer.write(body, into: &out)
            writeTime(milliseconds, into: &out)
        case .queryFailed(let status, let headers, let error, let milliseconds):
            writeHead(status: status, headers: headers, with: writer, into: &out)
            writeError(error, with: writer, into: &out)
            writeTime(milliseconds, into: &out)
        case .failed(let failure):
            writeError(failure.summary, with: writer, into: &out)
        case .invalidSpec(let error):
            out.append(contentsOf: #","line":"#.utf8)
            out.append(contentsOf: String(error.line).utf8)
            writeError(error.description, with: writer, into: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    private func writeHead(status: Int, headers: JSONObject, with writer: JSONWriter, into out: inout [UInt8]) {
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(status).utf8)
        out.append(contentsOf: #","headers":"#.utf8)
        writer.write(.object(headers), into: &out)
    }

    private func writeError(_ message: String, with writer: JSONWriter, into out: inout [UInt8]) {
        out.append(contentsOf: #","error":"#.utf8)
        writer.write(.string(message), into: &out)
    }

    private func writeTime(_ milliseconds: Double, into out: inout [UInt8]) {
        out.append(contentsOf: #","time_ms":"#.utf8)
        out.append(contentsOf: JSONNumber((milliseconds * 10).rounded() / 10).literal.utf8)
    }
}

extension BatchOutcome {
    /// The outcome of a response: the body parsed when the response says it is JSON (`application/json`, `+json`)
    /// and it parses, else its text (`null` when empty); with a query, the query's results in its place.
    static func response(head: ResponseHead, body: [UInt8], seconds: Double, query: Query?) -> BatchOutcome {
        let headers = headerObject(head.headers)
        let milliseconds = seconds * 1000
        let values = bodyValues(body, isJSON: head.isJSON, forQuery: query != nil)
        guard let query else {
            return .response(status: head.status, headers: headers, body: values[0], milliseconds: milliseconds)
        }
        var results: [JSONValue] = []
        do {
            for value in values { try query.evaluate(value) { results.append($0) } }
        } catch {
            return .queryFailed(
                status: head.status, headers: headers, error: error.description, milliseconds: milliseconds)
        }
        let result: JSONValue = results.count == 1 ? results[0] : .array(results)
        return .response(status: head.status, headers: headers, body: result, milliseconds: milliseconds)
    }

    /// Header names lower-cased; a repeated field's values joined with ", " (RFC 9110 5.3), except `set-cookie`,
    /// which is always an array of strings (as Node.js does).
    static func headerObject(_ fields: [(name: String, value: String)]) -> JSONObject {
        var object = JSONObject(minimumCapacity: fields.count)
        for (name, value) in fields {
            let key = name.lowercased()
            if key == "set-cookie" {
                var cookies = object[key]?.arrayValue ?? []
                cookies.append(.string(value))
                object[key] = .array(cookies)
            } else if case .string(let earlier)? = object[key] {
                object[key] = .string(earlier + ", " + value)
            } else {
                object[key] = .string(value)
            }
        }
        return object
    }

    /// The body as values: one JSON value, or its text. For a query, a JSON body holding several values one after
    /// another (NDJSON served as JSON) is those values, as jq reads it.
    private static func bodyValues(_ body: [UInt8], isJSON: Bool, forQuery: Bool) -> [JSONValue] {
        if body.isEmpty { return [.null] }
        if isJSON {
            if let value = try? JSON.parse(body) { return [value] }
            if forQuery, let values = try? JSON.parseSequence(body), !values.isEmpty { return values }
        }
        return [.string(String(decoding: body, as: UTF8.self))]
    }
}
