import HTTPTypes
import Hummingbird
import JSON

extension HTTPField.Name {
    static let totalCount = HTTPField.Name("X-Total-Count")!
    static let link = HTTPField.Name("Link")!
}

enum JSONResponse {
    static let contentType = "application/json; charset=utf-8"

    /// A JSON body with its ETag.
    static func representation(_ status: HTTPResponse.Status, _ representation: Representation) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.eTag] = representation.etag
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: representation.body))
    }

    /// `{"error": message}`, json-server's error shape.
    static func error(_ status: HTTPResponse.Status, _ message: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        let bytes = prettyBytes(["error": .string(message)])
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func notFound() -> Response { error(.notFound, "Not Found") }

    /// The response for a store error.
    static func error(_ error: StoreError) -> Response {
        switch error {
        case .notFound:
            return notFound()
        case .badRequest(let message):
            return self.error(.badRequest, message)
        case .duplicateID(let id):
            return self.error(.conflict, "an item with id \(id) already exists")
        case .preconditionFailed(let current):
            var headers = HTTPFields()
            headers[.eTag] = current
            return self.error(
                .preconditionFailed, "the item has changed: If-Match does not match its ETag \(current)",
                headers: headers)
        case .wrongKind(let name):
            return self.error(.methodNotAllowed, "Method Not Allowed on '\(name)'")
        case .unavailable(let reason):
            return self.error(.serviceUnavailable, "writes are refused: \(reason)")
        case .saveFailed(let message):
            return self.error(.internalServerError, "the write was not saved: \(message)")
        }
    }
}
