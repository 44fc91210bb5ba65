import CLibCurl
import Curl
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// The exact bytes a request puts on the wire, taken without sending it anywhere (`--offline`): libcurl performs
/// the request against a listener on 127.0.0.1 that this opens (`CURLOPT_CONNECT_TO`, so no name is resolved and the
/// `Host` header stays the URL's); a reader thread takes the bytes and answers `204` once the request is complete.
/// What is shown is then what a real send writes: libcurl's own headers (`Host`, `Accept-Encoding`,
/// `Content-Length`), the multipart boundary, the path as libcurl sends it. An `https://` URL is captured as the
/// plain HTTP/1.1 it carries inside TLS; a proxy is not used.
public enum RequestCapture {
    public static func bytes(of request: Request) -> Result<[UInt8], TransferFailure> {
        guard let reader = CaptureReader() else {
            return .failure(.transport("cannot capture the request: no loopback listener (errno \(errno))"))
        }
        guard reader.start() else {
            _ = reader.finish()
            return .failure(.transport("cannot capture the request: no thread to read it"))
        }
        var captured = request
        captured.options.proxy = nil
        if captured.url.scheme == "https" {
            captured.url.scheme = "http"
            captured.options.httpVersion = .http1_1
        }
        let failure = perform(captured, port: reader.port, maxRedirects: request.options.maxRedirects)
        let bytes = reader.finish()
        if reader.complete { return .success(bytes) }
        return .failure(failure ?? .transport("cannot capture the request: it ended early"))
    }

    /// The index just past the blank line that ends a request's head, nil when the head is not complete.
    public static func headEnd(_ bytes: [UInt8]) -> Int? { RequestCompleteness.headEnd(bytes) }

    /// Performs the request against the listener; the handle (and with it the connection) is gone on return.
    private static func perform(_ request: Request, port: Int, maxRedirects: Int) -> TransferFailure? {
        let transfer = Transfer(handle: EasyHandle())
        do {
            let upload = try transfer.configure(request)
            defer { upload?.close() }
            let handle = transfer.handle
            try handle.set(CURLOPT_NOPROXY, "*")
            try handle.set(CURLOPT_CONNECT_TO, HeaderList(["::127.0.0.1:\(port)"]))
            try handle.set(CURLOPT_FORBID_REUSE, true)
            try handle.set(CURLOPT_FOLLOWLOCATION, false)
            try handle.set(CURLOPT_TIMEOUT_MS, 60_000)
            try handle.perform()
            return nil
        } catch {
            return TransferFailure(error, maxRedirects: maxRedirects)
        }
    }
}

/// A listener on 127.0.0.1 and a free port that takes one connection on its own thread, reads it until the peer
/// closes it, and answers a complete request.
private final class CaptureReader: @unchecked Sendable {
    private let listener: Int32
    let port: Int
    private var reading: JoinableThread?
    private var buffer: [UInt8] = []
    private(set) var complete = false

    init?() {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return nil }
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listener, address, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, address, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            return nil
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the reader; false when no thread can be made.
    func start() -> Bool {
        reading = JoinableThread { self.run() }
        return reading != nil
    }

    /// Ends the wait for a connection that never came, waits for the reader; returns what it read.
    func finish() -> [UInt8] {
        shutdown(listener, Int32(SHUT_RDWR))  // wakes an accept still waiting
        reading?.join()
        close(listener)
        return buffer
    }

    private func run() {
        var connection: Int32 = -1
        repeat { connection = accept(listener, nil, nil) } while connection < 0 && errno == EINTR
        guard connection >= 0 else { return }
        defer { close(connection) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            buffer += chunk[..<count]
            if !complete, RequestCompleteness.isComplete(buffer) {
                complete = true
                let answer = Array("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                shutdown(connection, Int32(SHUT_WR))
            }
        }
    }
}

/// Whether bytes read so far hold a whole HTTP/1.1 request: the head, then `Content-Length` bytes or a chunked
/// body up to its last chunk.
enum RequestCompleteness {
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let headEnd = headEnd(bytes) else { return false }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
        var contentLength = 0
        var chunked = false
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if name == "content-length", let length = Int(value), length >= 0 { contentLength = length }
            if name == "transfer-encoding", value.containsText("chunked") { chunked = true }
        }
        let body = bytes.count - headEnd
        if chunked { return body >= 5 && bytes.suffix(5) == Array("0\r\n\r\n".utf8)[...] }
        return body >= contentLength
    }

    /// The index just past the blank line that ends the head.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count
        where bytes[index] == 0x0A && bytes[index - 1] == 0x0D && bytes[index - 2] == 0x0A && bytes[index - 3] == 0x0D {
            return index + 1
        }
        return nil
    }
}
