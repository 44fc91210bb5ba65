import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the ready file atomically (temporary file + rename), so a reader never sees it half written.
///
/// The temporary file has a random name next to `path` and is created exclusively (`O_EXCL`, `O_NOFOLLOW`): a file
/// or symlink planted at a predictable name is never opened, truncated or written through. A ready file that is
/// itself a symlink is replaced by the rename, not followed. A device or pipe (`/dev/stdout`, a FIFO a script
/// reads) is written into, never replaced.
func writeReadyFile(_ path: String, contents: String) throws(FileError) {
    if isStreamDevice(path) {
        let descriptor = openStreamDevice(path)
        guard descriptor >= 0 else { throw FileError(path: path, action: "open") }
        defer { close(descriptor) }
        return try writeAll(Array(contents.utf8), to: descriptor, path: path)
    }
    let (temporary, descriptor) = try createExclusiveTemporary(besides: path)
    do throws(FileError) {
        defer { close(descriptor) }
        try writeAll(Array(contents.utf8), to: descriptor, path: temporary)
    } catch {
        unlink(temporary)
        throw error
    }
    guard rename(temporary, path) == 0 else {
        let error = FileError(path: path, action: "rename")
        unlink(temporary)
        throw error
    }
}

/// A new file `PATH.tmp-PID-RANDOM`, created with `O_CREAT | O_EXCL | O_NOFOLLOW` (mode 0644); a name that exists
/// already is skipped, never reused.
func createExclusiveTemporary(besides path: String) throws(FileError) -> (path: String, descriptor: Int32) {
    var attempts = 0
    while true {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if descriptor >= 0 { return (temporary, descriptor) }
        attempts += 1
        guard errno == EEXIST, attempts < 16 else { throw FileError(path: temporary, action: "create") }
    }
}
