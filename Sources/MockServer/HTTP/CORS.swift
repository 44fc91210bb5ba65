import HTTPTypes
import Hummingbird

/// Cross-origin headers per `--cors ORIGIN` (default `*`; `off` sends none).
struct CORSPolicy: Sendable {
    let origin: String?

    static let methods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    static let defaultAllowedHeaders = "Content-Type, Authorization, If-Match, If-None-Match"
    /// Headers a browser script may read: the ones the API sends for pagination, caching and creation.
    static let exposed = "X-Total-Count, Link, ETag, Location"

    /// Adds the headers every response carries. With the default `*` and a request that names its `Origin`, that
    /// origin is echoed with `Access-Control-Allow-Credentials: true`, as json-server does, so a front end that sends
    /// cookies (`credentials: "include"`) can read the answer; browsers refuse `*` with credentials.
    func decorate(_ response: inout Response, requestOrigin: String? = nil) {
        guard let allowed = allowedOrigin(requestOrigin) else { return }
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = Self.exposed
        if origin == "*", allowed != "*" { response.headers[.accessControlAllowCredentials] = "true" }
        if allowed != "*" { response.headers[.vary] = "Origin" }
    }

    /// The `Access-Control-Allow-Origin` value for a request from `requestOrigin`; nil when CORS is off.
    func allowedOrigin(_ requestOrigin: String?) -> String? {
        guard let origin else { return nil }
        if origin == "*", let requestOrigin, !requestOrigin.isEmpty, requestOrigin != "null" { return requestOrigin }
        return origin
    }

    /// `OPTIONS`: 204 with `Allow`, and for a preflight the allowed methods and the requested headers.
    func preflight(_ request: Request) -> Response {
        var headers = HTTPFields()
        headers[.allow] = Self.methods
        if origin != nil {
            headers[.accessControlAllowMethods] = Self.methods
            let requested = request.headers[values: .accessControlRequestHeaders].joined(separator: ", ")
            headers[.accessControlAllowHeaders] = requested.isEmpty ? Self.defaultAllowedHeaders : requested
            headers[.accessControlMaxAge] = "600"
        }
        return Response(status: .noContent, headers: headers)
    }
}
