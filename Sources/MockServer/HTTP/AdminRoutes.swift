import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// The server's own endpoints under `/__api/` (a collection cannot be named `__api`; `--no-admin` turns them off).
/// They are never journaled, faulted or behind `--auth`.
///
/// - `GET /__api`: this list;
/// - `GET /__api/requests?method=POST&path=/users*&since=SEQ`: the request journal, oldest first;
///   `DELETE /__api/requests` empties it (204);
/// - `GET /__api/openapi.json`: an OpenAPI 3.1 document of the data as it is now;
/// - `POST /__api/reset`, `/__api/snapshots[/NAME[/restore]]`: the data put back or saved (`AdminRoutes+Data`).
struct AdminRoutes<S: Store> {
    let store: S
    let journal: RequestJournal?
    let snapshots: SnapshotShelf
    /// `--read-only`: reset and restore are refused like any write.
    let readOnly: Bool

    func answer(_ request: Request) async -> Response {
        let segments = RequestTarget(path: request.uri.path).segments.dropFirst()
        let parameters = request.uri.query.map { QueryParameters(query: Substring($0)) } ?? QueryParameters()
        let reads = request.method == .get || request.method == .head
        switch (Array(segments), request.method) {
        case ([], _) where reads:
            return JSONResponse.value(
                .ok,
                .array(
                    AdminAPI.endpoints.map {
                        ["method": .string($0.method), "path": .string($0.path), "summary": .string($0.summary)]
                    }))
        case (["requests"], _) where reads:
            return requests(parameters)
        case (["requests"], .delete):
            journal?.clear()
            return Response(status: .noContent)
        case (["openapi.json"], _) where reads:
            do {
                return JSONResponse.value(.ok, OpenAPIDocument.make(try await currentData(store)))
            } catch {
                return JSONResponse.error(error)
            }
        case (["reset"], .post):
            return await reset()
        case (["snapshots"], _) where reads:
            return JSONResponse.value(.ok, .array(snapshots.all.map(\.summary)))
        case _ where segments.first == "snapshots" && (2...3).contains(segments.count):
            return await snapshot(Array(segments.dropFirst()), request)
        case (["reset"], _):
            return Self.methodNotAllowed(request.uri.path, "POST")
        case ([], _), (["openapi.json"], _), (["snapshots"], _):
            return Self.methodNotAllowed(request.uri.path, "GET, HEAD")
        case (["requests"], _):
            return Self.methodNotAllowed(request.uri.path, "GET, HEAD, DELETE")
        default:
            return JSONResponse.notFound()
        }
    }

    /// The journal's entries that pass the filters.
    private func requests(_ parameters: QueryParameters) -> Response {
        var method: String?
        var pathPattern: String?
        var since = 0
        for (name, value) in parameters.pairs {
            switch name {
            case "method": method = value.uppercased()
            case "path": pathPattern = value
            case "since":
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                    let number = Int(value)
                else {
                    return JSONResponse.error(
                        .badRequest,
                        "since must be a sequence number (a whole number of at most 18 digits), got '\(value)'")
                }
                since = number
            default:
                return JSONResponse.error(
                    .badRequest, "unknown query parameter '\(name)' (known: method, path, since)")
            }
        }
        let entries = (journal?.entries() ?? []).filter { entry in
            if let method, entry["method"]?.stringValue != method { return false }
            if let pathPattern, !globMatches(pathPattern, entry["path"]?.stringValue ?? "") { return false }
            if since > 0, (entry["seq"]?.numberValue?.intValue ?? 0) <= since { return false }
            return true
        }
        return JSONResponse.value(.ok, .array(entries))
    }

    static func methodNotAllowed(_ path: String, _ allowed: String) -> Response {
        var headers = HTTPFields()
        headers[.allow] = allowed
        return JSONResponse.error(
            .methodNotAllowed, "Method Not Allowed on '\(path)' (allowed: \(allowed))", headers: headers)
    }
}

/// Whether `text` matches `pattern` whole, where `*` is any run of characters (`/users*` matches `/users/1`).
func globMatches(_ pattern: String, _ text: String) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    guard parts.count > 1 else { return pattern == text }
    var rest = Substring(text)
    guard rest.hasPrefix(parts[0]) else { return false }
    rest = rest.dropFirst(parts[0].count)
    for part in parts.dropFirst().dropLast() {
        guard !part.isEmpty else { continue }
        guard let found = rest.firstRange(of: part) else { return false }
        rest = rest[found.upperBound...]
    }
    let last = parts[parts.count - 1]
    return rest.count >= last.count && rest.hasSuffix(last)
}

extension JSONResponse {
    /// Any JSON value, pretty, with its ETag.
    static func value(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        representation(status, Representation(bytes: prettyBytes(value)))
    }
}

/// The `/__api/` prefix and what it serves (for `GET /__api` and the index page).
enum AdminAPI {
    static let prefix = "/__api"

    static func owns(_ path: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }

    static let endpoints: [(method: String, path: String, summary: String)] = [
        ("GET", "/__api/requests", "the last requests answered (?method=, ?path= with *, ?since=SEQ)"),
        ("DELETE", "/__api/requests", "empty the request journal"),
        ("GET", "/__api/openapi.json", "an OpenAPI 3.1 description of the data as it is now"),
        ("POST", "/__api/reset", "put the data back as it was when the server started"),
        ("GET", "/__api/snapshots", "the saved snapshots, with item counts and creation times"),
        ("POST", "/__api/snapshots/NAME", "save the data as it is now under NAME (kept in memory)"),
        ("GET", "/__api/snapshots/NAME", "one snapshot's item counts and creation time"),
        ("POST", "/__api/snapshots/NAME/restore", "put the data back as snapshot NAME holds it"),
        ("DELETE", "/__api/snapshots/NAME", "forget snapshot NAME"),
    ]
}
