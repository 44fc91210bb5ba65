import HTTPTypes
import Hummingbird

/// Cross-origin headers per `--cors ORIGIN` (default `*`; `off` sends none).
struct CORSPolicy: Sendable {
    let origin: String?

    static let methods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    static let defaultAllowedHeaders = "Content-Type, Authorization, If-Match, If-None-Match"
    /// Headers a browser script may read: the ones the API sends for pagination, caching and creation.
    static let exposed = "X-Total-Count, Link, ETag, Location"

    /// Adds the headers every response carries.
    func decorate(_ response: inout Response) {
        guard let origin else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = Self.exposed
        if origin != "*" { response.headers[.vary] = "Origin" }
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
