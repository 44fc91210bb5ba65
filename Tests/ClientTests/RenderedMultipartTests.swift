import Testing

@testable import Client

#if canImport(Glibc)
    import Glibc
#endif

/// `-v` with a multipart body: the body is rendered once by libcurl (captured on loopback), so the boundary and
/// parts printed are the bytes sent.
struct RenderedMultipartTests {
    @Test func fieldsAndFilesBecomeTheBytesLibcurlSends() throws {
        let path = "/tmp/api-multipart-\(getpid()).txt"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        _ = write(descriptor, "hello\n", 6)
        close(descriptor)
        defer { unlink(path) }
        let request = Request(
            method: "POST", url: "http://example.test/upload",
            body: .multipart([
                MultipartPart(name: "name", content: .field("alice")),
                MultipartPart(name: "file", content: .file(path: path, fileName: "up.txt", contentType: "text/plain")),
            ]))
        let rendered = try #require(request.renderingMultipart())
        let contentType = try #require(rendered.header("content-type"))
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        guard case .bytes(let bytes) = rendered.body else {
            Issue.record("the body is not bytes: \(rendered.body)")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nalice\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\n\r\n--\(boundary)--\r\n")
    }

    @Test func otherBodiesAreLeftAsTheyAre() {
        #expect(Request(method: "POST", url: "http://example.test/", body: .bytes([1])).renderingMultipart() == nil)
        #expect(Request(method: "GET", url: "http://example.test/").renderingMultipart() == nil)
    }

    @Test func aBodyOverTheLimitIsNotRendered() {
        let request = Request(
            method: "POST", url: "http://example.test/",
            body: .multipart([MultipartPart(name: "a", content: .field(String(repeating: "x", count: 100)))]))
        #expect(request.renderingMultipart(limit: BodyLimit(bytes: 50)) == nil)
        #expect(request.renderingMultipart(limit: BodyLimit(bytes: 500)) != nil)
    }
}
