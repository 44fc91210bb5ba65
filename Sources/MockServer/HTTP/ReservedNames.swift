import HTTPTypes
import Hummingbird

/// Resource names the server answers itself, so a resource by that name could never be read back: writes to
/// them are refused instead of creating a collection that the server's own route then hides.
///
/// `db` is `GET /db` (the whole database); every name starting with `__` is kept for the server's own endpoints
/// (`/__api/…`, `/__rules`, json-server's admin routes).
enum ReservedNames {
    static let exact: Set<String> = ["db"]
    static let prefix = "__"

    static func contains(_ name: String) -> Bool { exact.contains(name) || name.hasPrefix(prefix) }

    /// The answer to a write whose first path segment is reserved: 405 for `/db` (it only reads), 403 otherwise.
    static func refusal(_ name: String) -> Response {
        if exact.contains(name) {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD, OPTIONS"
            return JSONResponse.error(
                .methodNotAllowed, "'\(name)' is a reserved name: /\(name) is the whole database and is read only",
                headers: headers)
        }
        return JSONResponse.error(
            .forbidden, "'\(name)' is a reserved name: names starting with '\(prefix)' belong to the server")
    }
}
