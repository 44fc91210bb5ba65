import HTTPTypes
import Hummingbird
import NIOCore
import Support

/// json-server v0's JSONP: `GET /posts?callback=fn` answers `/**/ typeof fn === 'function' && fn(JSON);` as
/// `text/javascript` (Express's `res.jsonp`), and jQuery's cache buster `_=<digits>` is ignored.
enum JSONP {
    static let parameter = "callback"

    /// The query without `callback` and a digits-only `_`, and the callback name if one was given (only the
    /// characters Express keeps: letters, digits, `_`, `$`, `.`, `[`, `]`; nil when none are left).
    static func extract(_ query: Substring) -> (query: String, callback: String?) {
        var kept: [Substring] = []
        var callback: String?
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name = percentDecoded(piece.prefix(while: { $0 != "=" }), plusAsSpace: true)
            let value =
                piece.firstIndex(of: "=").map { percentDecoded(piece[piece.index(after: $0)...], plusAsSpace: true) }
                ?? ""
            if name == parameter {
                let safe = sanitized(value)
                callback = safe.isEmpty ? nil : safe
            } else if name == "_", !value.isEmpty, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                continue
            } else {
                kept.append(piece)
            }
        }
        return (kept.joined(separator: "&"), callback)
    }

    static func sanitized(_ name: String) -> String {
        String(
            name.unicodeScalars.filter { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "_$.[]".unicodeScalars.contains(scalar))
            }.map(Character.init))
    }

    /// Wraps a JSON response's body in a call of `callback`; other responses (a 304, HTML) pass unchanged.
    static func wrap(_ response: Response, callback: String) -> Response {
        guard let type = response.headers[.contentType], type.hasPrefix("application/json") else { return response }
        var wrapped = response
        let prefix = ByteBuffer(string: "/**/ typeof \(callback) === 'function' && \(callback)(")
        let suffix = ByteBuffer(string: ");")
        let body = response.body
        let length = body.contentLength.map { $0 + prefix.readableBytes + suffix.readableBytes }
        wrapped.body = ResponseBody(contentLength: length) { writer in
            try await writer.write(prefix)
            try await body.write(SuffixWriter(inner: writer, suffix: suffix))
        }
        wrapped.headers[.contentType] = "text/javascript; charset=utf-8"
        wrapped.headers[.xContentTypeOptions] = "nosniff"
        wrapped.headers[.eTag] = nil
        if let length { wrapped.headers[.contentLength] = String(length) }
        return wrapped
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}

/// Passes writes on and writes `suffix` before finishing.
private struct SuffixWriter: ResponseBodyWriter {
    var inner: any ResponseBodyWriter
    let suffix: ByteBuffer

    mutating func write(_ buffer: ByteBuffer) async throws { try await inner.write(buffer) }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        try await inner.write(contentsOf: buffers)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await inner.write(suffix)
        try await inner.finish(trailingHeaders)
    }
}
