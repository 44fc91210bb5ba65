import CLibCurl
import Curl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request body read from an open descriptor (stdin) as it is sent: the bytes already read (to guess the content
/// type) first, then the rest of the descriptor in chunks, so a body of any size is sent in constant memory.
///
/// A regular file can be sent again (a retry): its start is remembered and sought back to. A pipe cannot: sending
/// it twice is an error rather than a silently shortened body.
final class StreamUpload {
    private let prefix: [UInt8]
    private let descriptor: Int32
    private var sentPrefix = 0
    /// The body's length when the descriptor is a regular file (sent as Content-Length), else nil (chunked).
    let size: Int?

    /// - Parameter starts: where each seekable descriptor's body starts, kept by the `Transfer` across attempts;
    ///   `used` holds the pipes already sent.
    init(prefix: [UInt8], descriptor: Int32, starts: inout [Int32: Int], used: inout Set<Int32>) throws(CurlError) {
        self.prefix = prefix
        self.descriptor = descriptor
        var info = stat()
        let isFile = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let here = isFile ? Int(lseek(descriptor, 0, SEEK_CUR)) : -1
        if here >= 0 {
            let start = starts[descriptor] ?? here
            starts[descriptor] = start
            guard lseek(descriptor, off_t(start), SEEK_SET) >= 0 else {
                throw CurlError(
                    code: CURLE_READ_ERROR, detail: "cannot rewind stdin: \(String(cString: strerror(errno)))")
            }
            size = prefix.count + max(0, Int(info.st_size) - start)
        } else {
            guard used.insert(descriptor).inserted else {
                throw CurlError(
                    code: CURLE_SEND_FAIL_REWIND,
                    detail: "cannot send a body read from a pipe twice (a retry or a redirect); "
                        + "give it with --input FILE")
            }
            size = nil
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        if sentPrefix < prefix.count {
            let count = min(buffer.count, prefix.count - sentPrefix)
            prefix.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + sentPrefix, byteCount: count)
            }
            sentPrefix += count
            return count
        }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            return count >= 0 ? count : nil
        }
    }
}
