import JSON

/// One request of a batch, read from one NDJSON line such as
/// `{"method":"POST","url":"users","headers":{"X-Team":"core"},"query":{"page":2},"body":{"name":"ann"}}`.
///
/// - `url` (required): a target as on the command line (`users/1`, `:3000/x`, `http://…`), resolved against the base
///   URL with `Target.resolve`.
/// - `method`: a token such as `GET` (the default) or `post`; sent upper-cased.
/// - `headers`: an object of strings, numbers or booleans; `null` removes a header libcurl would add by itself.
/// - `query`: an object of strings, numbers or booleans, or arrays of them (the key repeats); appended to the URL
///   URL-encoded, in order.
/// - `body`: a string is sent as is with `Content-Type: text/plain`; any other JSON value is sent compact with
///   `Content-Type: application/json`; a `Content-Type` in `headers` wins. `null` or no `body`: no body.
public struct BatchSpec: Sendable, Equatable {
    public static let keys = ["method", "url", "headers", "query", "body"]

    public var method: String
    /// The resolved URL with the query appended.
    public var url: RequestURL
    /// The spec's own header fields, in order.
    public var headers: [HeaderField]
    public var body: [UInt8]?
    /// The content type the body implies (`application/json` or `text/plain`), nil without a body.
    public var bodyType: String?

    public init(
        method: String = "GET", url: RequestURL, headers: [HeaderField] = [], body: [UInt8]? = nil,
        bodyType: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyType = bodyType
    }

    /// Parses line number `lineNumber` (1-based, for messages) of a batch input.
    public static func parse(_ line: String, lineNumber: Int, baseURL: String) throws(BatchSpecError) -> BatchSpec {
        func fail(_ message: String) -> BatchSpecError { BatchSpecError(line: lineNumber, message: message) }
        let value: JSONValue
        do {
            value = try JSON.parse(line)
        } catch {
            throw fail("invalid JSON at column \(error.column): \(error.message)")
        }
        guard case .object(let members) = value else {
            throw fail("expected an object such as {\"url\":\"users\"}, found \(article(value.typeName))")
        }
        if let unknown = members.names.first(where: { !keys.contains($0) }) {
            throw fail("unknown key \(quoted(unknown)) (expected \(keys.joined(separator: ", ")))")
        }

        var method = "GET"
        if let value = members["method"] {
            guard case .string(let text) = value else {
                throw fail("\"method\" must be a string, found \(value.typeName)")
            }
            guard !text.isEmpty, text.utf8.allSatisfy(isTokenByte) else {
                throw fail("bad method \(quoted(text)): expected a token such as GET or POST")
            }
            method = text.uppercased()
        }

        guard let urlValue = members["url"] else { throw fail("missing \"url\"") }
        guard case .string(let target) = urlValue else {
            throw fail("\"url\" must be a string, found \(urlValue.typeName)")
        }
        guard !containsLineBreak(target) else { throw fail("\"url\" contains a line break") }
        var url: RequestURL
        do {
            url = try RequestURL(parsing: Target.resolve(target, base: baseURL))  // normalised as one-shot URLs are
        } catch {
            throw fail("bad url \(quoted(redacted(target))): \(error)")
        }

        var headers: [HeaderField] = []
        if let value = members["headers"] {
            guard case .object(let fields) = value else {
                throw fail("\"headers\" must be an object, found \(value.typeName)")
            }
            for (key, field) in fields {
                let name = key.string
                guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                    throw fail("bad header name \(quoted(name))")
                }
                if field.isNull {
                    headers.append(HeaderField(name: name, value: nil))
                    continue
                }
                guard let text = scalarText(field) else {
                    throw fail(
                        "header \(quoted(name)) must be a string, number, boolean or null, found \(field.typeName)")
                }
                guard !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
                    throw fail("header \(quoted(name)) contains a line break")
                }
                headers.append(HeaderField(name: name, value: text))
            }
        }

        if let value = members["query"] {
            guard case .object(let parameters) = value else {
                throw fail("\"query\" must be an object, found \(value.typeName)")
            }
            var pairs: [String] = []
            for (name, parameter) in parameters {
                let key = name.string
                let values: [JSONValue]
                if case .array(let elements) = parameter { values = elements } else { values = [parameter] }
                for element in values {
                    guard let text = scalarText(element) else {
                        throw fail(
                            "query parameter \(quoted(key)) must be a string, number, boolean or an array of them, "
                                + "found \(element.typeName)")
                    }
                    pairs.append(urlEncodeQueryComponent(key) + "=" + urlEncodeQueryComponent(text))
                }
            }
            url = url.appendingQuery(pairs)
        }

        var body: [UInt8]?
        var bodyType: String?
        switch members["body"] {
        case nil, .null?:
            break
        case .string(let text)?:
            body = Array(text.utf8)
            bodyType = "text/plain"
        case let value?:
            body = value.compactBytes
            bodyType = "application/json"
        }
        return BatchSpec(
            method: method, url: url, headers: headers, body: body, bodyType: bodyType)
    }

    /// The request to send: the default headers (User-Agent, Accept, auth ...), the body's content type, then the
    /// spec's headers, each replacing an earlier one of the same name.
    public func request(defaultHeaders: [HeaderField], options: TransferOptions) -> Request {
        var request = Request(
            method: method, url: url, headers: defaultHeaders, body: body.map { .bytes($0) } ?? .none,
            options: options)
        if let bodyType { request.setHeader("Content-Type", bodyType) }
        for field in headers { request.setHeader(field.name, field.value) }
        return request
    }
}

/// The text of a string, number or boolean; nil for other values.
private func scalarText(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): text
    case .number(let number): number.literal
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
}

/// RFC 9110 token characters (method and header names).
private func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        true
    default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}

private func quoted(_ text: String) -> String { JSONValue.string(text).compactString }

private func article(_ typeName: String) -> String {
    switch typeName {
    case "array", "object": "an \(typeName)"
    case "null": "null"
    default: "a \(typeName)"
    }
}
