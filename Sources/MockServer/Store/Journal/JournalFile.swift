#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The journal file beside the database file (`db.json.journal`): the records of acknowledged writes that the
/// database file may not hold yet. Blocking calls: run them off the cooperative pool.
struct JournalFile: Sendable {
    let path: String

    /// The journal of the database file at `databasePath` (after links are resolved).
    init(forDatabase databasePath: String) { path = databasePath + ".journal" }

    /// What reading the journal found: the intact records in order, and how many bytes at the end were not an
    /// intact record (a write torn by a crash before it was acknowledged).
    struct Contents: Sendable {
        var records: [JournalRecord] = []
        var tornBytes = 0
    }

    /// Reads every intact record; a missing file has none. Reading stops at the first line that is not an intact
    /// record: only the end of the file can be torn, since each write is acknowledged after the sync of it and all
    /// before it.
    func read() throws(FileError) -> Contents {
        let bytes: [UInt8]
        do {
            bytes = try DurableFile(path: path).read().bytes
        } catch {
            if error.code == ENOENT { return Contents() }
            throw error
        }
        var contents = Contents()
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")),
                let record = JournalRecord(line: bytes[start..<newline])
            else { break }
            contents.records.append(record)
            start = newline + 1
        }
        contents.tornBytes = bytes.count - start
        return contents
    }

    /// Opens the journal for appending, creating it (never through a link) with `mode` when missing.
    func openForAppending(mode: mode_t) throws(FileError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileError(path: path, action: "open the journal") }
        return descriptor
    }

    /// Replaces the journal with its bytes from `offset` on, crash-safely (a temporary file renamed over it): the
    /// records before `offset` are in the database file now. Returns how many bytes remain.
    func dropPrefix(_ offset: Int) throws(FileError) -> Int {
        let bytes: [UInt8]
        do {
            bytes = try DurableFile(path: path).read().bytes
        } catch {
            if error.code == ENOENT { return 0 }
            throw error
        }
        let kept = offset < bytes.count ? Array(bytes[offset...]) : []
        try DurableFile(path: path).replace(with: kept)
        return kept.count
    }

    /// Removes the journal when it holds nothing (after a clean stop).
    func removeIfEmpty() {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == 0 { unlink(path) }
    }
}
