#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that could not be read, with the operating system's reason in lower case.
public struct FileReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// e.g. "no such file or directory", "permission denied", "is a directory".
    public let reason: String
    /// The `errno` the system call failed with, when it did (nil for a limit of our own, such as `--max-body`).
    public let errorNumber: Int32?

    public init(path: String, reason: String, errorNumber: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    public var description: String { "cannot read '\(path)': \(reason)" }
}

/// Reads and checks files on disk for `@file` request items, reporting failures as `FileReadError`.
public enum LocalFile {
    /// The whole file's bytes; a file larger than `limit` (`--max-body`) is an error, found before reading it when
    /// the file's size is known, else as soon as the bytes read pass the limit (a pipe, a growing file).
    public static func read(_ path: String, limit: BodyLimit = .standard) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        let tooLarge = FileReadError(path: path, reason: "larger than --max-body \(limit.text)")
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            guard info.st_size <= limit.bytes else { throw tooLarge }
            bytes.reserveCapacity(Int(info.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(path)
            }
            if count == 0 { return bytes }
            guard limit.admits(bytes.count, adding: count) else { throw tooLarge }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Succeeds when the file can be opened for reading and is not a directory (checked before an upload).
    public static func checkReadable(_ path: String) throws(FileReadError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileReadError(path: path, reason: "is a directory")
        }
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func error(_ path: String) -> FileReadError {
        let number = errno
        let reason = String(cString: strerror(number))
        return FileReadError(
            path: path, reason: reason.prefix(1).lowercased() + reason.dropFirst(), errorNumber: number)
    }
}
