import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and crash-safe replacing of one file. Blocking calls: run them off the cooperative pool.
public struct DurableFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The file's permission bits (0644 when it cannot be examined).
    var mode: mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
    }

    /// The folder that holds the file (`.` for a bare name).
    var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The file's name without its folder.
    var fileName: String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// A temporary file a save writes before renaming it over the original: same folder, hidden name
    /// (`.db.json.api-save-0.tmp`). Saves that overlap use different slots.
    func temporaryPath(slot: Int = 0) -> String {
        let prefix = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        return "\(prefix).\(fileName).api-save-\(slot).tmp"
    }

    /// The whole file and the identity of what was read.
    public func read() throws(FileError) -> (bytes: [UInt8], identity: FileIdentity) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, action: "open") }
        defer { close(descriptor) }
        guard let identity = FileIdentity.of(descriptor: descriptor) else {
            throw FileError(path: path, action: "examine")
        }
        // Read into uninitialized storage (no zero-filling of a large file); grow if the file grew meanwhile.
        var capacity = max(Int(identity.size) + 1, 4096)  // one spare byte, so the end is seen in one pass
        var bytes: [UInt8] = []
        while true {
            var failure: Int32 = 0
            var reachedEnd = false
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < buffer.count {
                    let read = readSome(descriptor, buffer.baseAddress! + count, buffer.count - count)
                    if read < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if read == 0 {
                        reachedEnd = true
                        return
                    }
                    count += read
                }
            }
            if failure != 0 { throw FileError(path: path, action: "read", code: failure) }
            if reachedEnd { break }
            // The buffer filled up: the file is longer than it was; read it again from the start, larger.
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw FileError(path: path, action: "read") }
            capacity *= 2
        }
        return (bytes, identity)
    }

    /// Replaces the file with `bytes` so that a crash at any moment leaves either the old or the new
    /// content: write a temporary file in the same folder, fsync it, rename it over the original, fsync the
    /// folder. The original's permission bits are kept. Returns the identity of the new file.
    @discardableResult
    public func replace(with bytes: [UInt8]) throws(FileError) -> FileIdentity {
        let temporary = temporaryPath()
        let identity = try writeTemporary([bytes], at: temporary)
        try install(temporary: temporary)
        return identity
    }

    /// The first half of `replace`: writes and fsyncs `chunks` one after the other at `temporary`, a new file
    /// created exclusively (never through a link) with the original's permission bits; returns the identity the
    /// file will keep after the rename.
    func writeTemporary(_ chunks: [[UInt8]], at temporary: String) throws(FileError) -> FileIdentity {
        try writeTemporary(at: temporary) { (descriptor) throws(FileError) in
            for chunk in chunks { try writeAll(chunk, to: descriptor, path: temporary) }
        }
    }

    /// `writeTemporary` with the content written by `body` to the open descriptor.
    func writeTemporary(at temporary: String, _ body: (Int32) throws(FileError) -> Void) throws(FileError)
        -> FileIdentity
    {
        var mode: mode_t = 0o644
        var original = stat()
        if stat(path, &original) == 0 { mode = original.st_mode & 0o7777 }
        let descriptor = try createExclusively(temporary, mode: mode)
        defer { close(descriptor) }
        do throws(FileError) {
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw FileError(path: temporary, action: "fsync") }
            guard let identity = FileIdentity.of(descriptor: descriptor) else {
                throw FileError(path: temporary, action: "examine")
            }
            return identity
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The second half of `replace`: renames `temporary` over the file and fsyncs the folder.
    func install(temporary: String) throws(FileError) {
        guard rename(temporary, path) == 0 else {
            let error = FileError(path: path, action: "rename temporary file over it")
            unlink(temporary)
            throw error
        }
        try syncDirectory()
    }

    /// Creates the file with `bytes` when it does not exist (durably); false when it already existed.
    public func createIfMissing(with bytes: [UInt8]) throws(FileError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw FileError(path: path, action: "create")
        }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw FileError(path: path, action: "fsync") }
        try syncDirectory()
        return true
    }

    private func syncDirectory() throws(FileError) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw FileError(path: directory, action: "open folder") }
        defer { close(folder) }
        guard fsync(folder) == 0 else { throw FileError(path: directory, action: "fsync folder") }
    }
}

/// Writes all of `bytes` (Support's `writeAll`: short writes and EINTR retried); a failure names the file.
func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileError) {
    guard bytes.withUnsafeBytes({ writeAll($0, to: descriptor) }) else { throw FileError(path: path, action: "write") }
}

private func readSome(_ descriptor: Int32, _ pointer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, pointer, count)
}
