import CLibCurl
import Curl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read in chunks as the request body, so an upload never sits in memory whole.
final class UploadFile {
    private let descriptor: Int32
    let size: Int

    init(path: String) throws(CurlError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CurlError(code: CURLE_READ_ERROR, detail: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(descriptor, &info)
        size = Int(info.st_size)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
        return count >= 0 ? count : nil
    }

    func close() { _ = Glibc.close(descriptor) }
}
