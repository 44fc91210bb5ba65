import Client
import JSON
import Support

/// Builds the `Request` from the parsed command line: target, items, body, headers, auth, transfer options.
struct RequestBuilder {
    let environment: Environment
    let options: ClientOptions
    /// The active profile (its base URL, headers, auth and timeout sit under the environment and the options).
    var profile: ProfileContext

    static let defaultAccept = "application/json, */*;q=0.5"
    static var userAgent: String { "api/\(HelpText.version)" }

    func build(method: String, target: String, items itemTexts: [String], firstItemIndex: Int) throws(UsageError)
        -> Request
    {
        let base = try baseURL()
        try HeadText.check(target, source: "the target")
        let url: RequestURL
        do {
            url = try RequestURL(parsing: Target.resolve(target, base: base))
        } catch {
            throw UsageError("bad target '\(redacted(target))': \(error)")
        }

        let limit = options.maxBody
        let parser = RequestItemParser(
            readFile: { path in try LocalFile.read(path, limit: limit) }, homeDirectory: environment.variables["HOME"],
            checkUpload: { path in try LocalFile.checkReadable(path) })
        var items: [RequestItem] = []
        for (offset, text) in itemTexts.enumerated() {
            do {
                items.append(try parser.parse(text, index: firstItemIndex + offset))
            } catch {
                throw UsageError(error.description, detail: error.caretLines)
            }
        }

        let query = RequestBodyBuilder.queryParameters(from: items).map {
            urlEncodeQueryComponent($0.0) + "=" + urlEncodeQueryComponent($0.1)
        }
        var request = try baseRequest(
            method: method, url: url.appendingQuery(query),
            itemHeaders: RequestBodyBuilder.headerFields(from: items))
        try applyBody(to: &request, items: items, method: method)
        return request
    }

    /// The base URL: `--base`, else `$API_BASE_URL`, else the profile's, else http://localhost:3000.
    func baseURL() throws(UsageError) -> String {
        let profileBase = try profile.base
        if let variable = environment.variables["API_BASE_URL"] {
            try HeadText.check(variable, source: "$API_BASE_URL")
        }
        return options.base ?? environment.variables["API_BASE_URL"] ?? profileBase ?? Target.defaultBaseURL
    }

    /// A request with everything the options and the profile give every request: default headers, profile
    /// headers, `-H` then the header items (`itemHeaders`), authentication and transfer options (also the template of
    /// each `api batch` request, with no items). Repeated names are all sent, in order (see `addUserHeaders`).
    func baseRequest(method: String, url: RequestURL, itemHeaders: [HeaderField] = []) throws(UsageError) -> Request {
        var request = Request(method: method, url: url)
        request.setHeader("User-Agent", options.userAgent ?? RequestBuilder.userAgent)
        request.setHeader("Accept", RequestBuilder.defaultAccept)
        for field in try profile.headers {
            request.setHeader(field.name, field.value)
            request.credentialHeaders.insert(field.name.lowercased())  // a profile's headers are its API keys
        }
        var userHeaders: [HeaderField] = []
        for header in options.headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw UsageError("bad -H '\(headerShownInErrors(header))': expected 'Name: value'")
            }
            let name = header[..<colon].trimmingBlanks()
            let value = header[header.index(after: colon)...].trimmingBlanks()
            if name.isEmpty { throw UsageError("bad -H ':…': the header name is empty") }
            userHeaders.append(HeaderField(name: String(name), value: value.isEmpty ? nil : String(value)))
        }
        request.addUserHeaders(userHeaders + itemHeaders)
        request.options = transferOptions()
        try applyAuth(to: &request)
        return request
    }

    private func applyBody(to request: inout Request, items: [RequestItem], method: String) throws(UsageError) {
        let dataItems = items.filter { $0.separator.isDataField }
        let hasUploads = RequestBodyBuilder.hasFileUploads(items)
        if let input = options.input {
            if RequestBodyBuilder.hasBodyItems(items) {
                throw UsageError("--input cannot be combined with data items or file uploads")
            }
            if input == "-" {
                setStandardInputBody(&request, evenIfEmpty: true)
            } else {
                do {
                    try LocalFile.checkReadable(input)
                } catch {
                    throw UsageError("--input: \(error)")
                }
                request.body = .file(path: input)
                if request.header("content-type") == nil {
                    request.setHeader("Content-Type", ContentTypeGuess.forFileName(input))
                }
            }
            return
        }
        let bodyFile: FileUpload?
        do {
            bodyFile = try RequestBodyBuilder.bodyFile(from: items)
        } catch {
            throw UsageError(error.description, detail: error.caretLines)
        }
        if let bodyFile {
            if options.form || options.multipart {
                throw UsageError(
                    "a file as the whole body ('@\(bodyFile.path)') cannot be sent with --form or --multipart")
            }
            request.body = .file(path: bodyFile.path)
            if request.header("content-type") == nil { request.setHeader("Content-Type", bodyFile.contentType) }
            return
        }
        if hasUploads || options.multipart || options.form {
            do {
                try RequestBodyBuilder.checkFormItems(dataItems)
            } catch {
                throw UsageError(error.description, detail: error.caretLines)
            }
        }
        if hasUploads || options.multipart {
            request.body = .multipart(RequestBodyBuilder.multipartParts(from: items))
            return
        }
        if options.form {
            guard !dataItems.isEmpty else { return }
            let encoded = formURLEncodedBody(RequestBodyBuilder.formFields(from: dataItems))
            request.body = .bytes(Array(encoded.utf8))
            if request.header("content-type") == nil {
                request.setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            }
            return
        }
        if !dataItems.isEmpty {
            let bytes: [UInt8]?
            do {
                bytes = try RequestBodyBuilder.jsonBodyBytes(from: dataItems)
            } catch {
                throw UsageError(error.description, detail: error.caretLines)
            }
            if let bytes {
                request.body = .bytes(bytes)
                if request.header("content-type") == nil { request.setHeader("Content-Type", "application/json") }
            }
            return
        }
        // Stdin is the body only for post/put/patch, only when it is not a terminal, and never with --no-stdin:
        // a GET in cron or CI must never hang waiting on stdin.
        if ["POST", "PUT", "PATCH"].contains(method), !environment.stdinIsTerminal, !options.noStdin {
            setStandardInputBody(&request, evenIfEmpty: false)
        }
    }

    /// stdin as the body: streamed as it is sent (its first 64 KiB read now, to guess the content type), or read
    /// whole when the body is only printed (`--offline`, `--curl`) or under test.
    private func setStandardInputBody(_ request: inout Request, evenIfEmpty: Bool) {
        guard let descriptor = environment.standardInputDescriptor, !options.printsRequest else {
            let bytes = environment.readStandardInput()
            if evenIfEmpty || !bytes.isEmpty { setRawBody(&request, bytes) }
            return
        }
        let (prefix, atEnd) = readPrefix(descriptor, count: 64 * 1024)
        if atEnd {
            if evenIfEmpty || !prefix.isEmpty { setRawBody(&request, prefix) }
            return
        }
        setRawBody(&request, prefix)
        request.body = .stream(prefix: prefix, descriptor: descriptor)
    }

    private func setRawBody(_ request: inout Request, _ bytes: [UInt8]) {
        request.body = .bytes(bytes)
        guard request.header("content-type") == nil else { return }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            request.setHeader("Content-Type", "application/json")
        } else {
            request.setHeader("Content-Type", "application/octet-stream")
        }
    }

    private func applyAuth(to request: inout Request) throws(UsageError) {
        if let token = environment.variables["API_TOKEN"] { try HeadText.check(token, source: "$API_TOKEN") }
        let profileBearer = try profile.bearer
        let profileBasic = try profile.basic
        let bearer =
            options.bearer ?? environment.variables["API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? profileBearer
        let fromProfile = options.bearer == nil && environment.variables["API_TOKEN"] == nil
        if let credentials = options.auth ?? (fromProfile ? profileBasic : nil) {
            if options.bearer != nil {
                throw UsageError("--auth and --bearer cannot be used together")
            }
            var user = credentials
            var password: String
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                password = environment.readPassword("api: password for \(user): ") ?? ""
            }
            request.options.basicAuth = (user, password)
        } else if let bearer, request.header("authorization") == nil {
            request.setHeader("Authorization", "Bearer \(bearer)")
        }
    }

    /// The options' transfer settings, with the profile's timeout when `--timeout` was not given.
    func transferOptions() -> TransferOptions {
        var transfer = options.transfer
        if !options.timeoutGiven { transfer.timeout = profile.profile?.timeout.flatMap { $0 > 0 ? $0 : nil } }
        return transfer
    }
}

/// What an error shows of a malformed `-H` argument: its first word (at most 40 characters) and `…` for the rest,
/// which may be a secret (`-H 'Authorization Bearer TOKEN'` lacks its colon).
func headerShownInErrors(_ header: String) -> String {
    let firstWord = header.prefix { $0 != " " && $0 != "\t" }.prefix(40)
    return firstWord.count == header.count ? header : firstWord + "…"
}
