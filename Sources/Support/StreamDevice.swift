#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `path` names (after symlinks) a character device, a FIFO or a socket: `/dev/null`, `/dev/stdout`, a
/// named pipe. Output to such a name is written into it; a temporary file renamed over it would replace the
/// device itself with a regular file (as root, `/dev/null` for the whole machine).
public func isStreamDevice(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    let type = info.st_mode & S_IFMT
    return type == S_IFCHR || type == S_IFIFO || type == S_IFSOCK
}

/// Opens a stream device for writing (see `isStreamDevice`); -1 with `errno` when it cannot be, or when what was
/// opened turns out to be a regular file or a folder after all.
public func openStreamDevice(_ path: String) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0 else { return -1 }
    var info = stat()
    let type = fstat(descriptor, &info) == 0 ? info.st_mode & S_IFMT : 0
    guard type == S_IFCHR || type == S_IFIFO || type == S_IFSOCK else {
        close(descriptor)
        errno = EINVAL
        return -1
    }
    return descriptor
}
