import HTTPTypes
import Hummingbird
import Support

/// The entity tags listed in `If-Match` / `If-None-Match` headers (comma lists, possibly repeated); nil when
/// the header is absent.
func entityTags(_ headers: HTTPFields, _ name: HTTPField.Name) -> [String]? {
    let values = headers[values: name]
    guard !values.isEmpty else { return nil }
    return values.flatMap { $0.split(separator: ",") }.map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
}

/// Whether `If-None-Match` asks for a 304: it lists the current tag (weakly compared) or `*`.
func notModified(_ headers: HTTPFields, etag: String) -> Bool {
    guard let tags = entityTags(headers, .ifNoneMatch) else { return false }
    return tags.contains { $0 == "*" || $0 == etag || $0 == "W/" + etag }
}

/// A 304 with the ETag (and no body).
func notModifiedResponse(etag: String) -> Response {
    var headers = HTTPFields()
    headers[.eTag] = etag
    return Response(status: .notModified, headers: headers)
}
