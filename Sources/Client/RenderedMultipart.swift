import Support

extension Request {
    /// The request with its multipart body rendered once into the bytes libcurl sends (through `RequestCapture`)
    /// and the `Content-Type` that names their boundary: printed with `-v` and then sent as they are, so what is
    /// shown is what goes on the wire, as HTTPie shows it. nil when the body is not multipart, or is larger than
    /// `limit` (it is held in memory), or could not be rendered whole (then the parts are summarised instead).
    public func renderingMultipart(limit: BodyLimit = .standard) -> Request? {
        guard case .multipart = body, case .success(let wire) = RequestCapture.bytes(of: self),
            let headEnd = RequestCapture.headEnd(wire), wire.count - headEnd <= limit.bytes
        else { return nil }
        var contentType: String?
        let head = String(decoding: wire[..<headEnd], as: UTF8.self)
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            // A chunked body would need its chunks taken apart; libcurl knows every part's size, so it never is.
            if name == "transfer-encoding" { return nil }
            if name == "content-type" { contentType = line[line.index(after: colon)...].trimmingCharacters(in: " \t") }
        }
        guard let contentType else { return nil }
        var rendered = self
        rendered.body = .bytes(Array(wire[headEnd...]))
        rendered.setHeader("Content-Type", contentType)
        return rendered
    }
}
