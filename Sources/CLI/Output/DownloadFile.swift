import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A body saved with `-o FILE` or `-d`: written to a temporary file beside FILE and renamed over it only when the
/// whole response arrived with a success status, so a failed download never leaves half a file under the real name.
/// A resumed download (`-c`, answered 206) appends to the partial file itself.
///
/// Files are never written through a symlink: the temporary file is created exclusively (`O_EXCL`, which does not
/// follow a link), a resumed file is opened with `O_NOFOLLOW`, and a `-d` name chosen by the server is taken with
/// `link(2)`, which fails when anything already has that name (`exclusive`), rather than renamed over it.
///
/// A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written into directly, as curl does: renaming a
/// file over it would replace the device itself.
final class DownloadFile {
    let path: String
    let temporaryPath: String
    let appending: Bool
    /// The final name must not exist yet (`-d` without `-c`): nothing is ever replaced.
    let exclusive: Bool
    /// `path` is a device or pipe (`isStreamDevice`): written into, no temporary file.
    let direct: Bool
    private var descriptor: Int32 = -1
    private(set) var error: String?

    init(path: String, appending: Bool = false, exclusive: Bool = false) {
        self.path = path
        self.appending = appending
        self.exclusive = exclusive
        self.direct = !appending && !exclusive && isStreamDevice(path)
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = directory + ".\(name).api-\(getpid()).part"
    }

    /// Opens the temporary file; returns a message when it cannot be created.
    func open() -> String? {
        if direct {
            descriptor = openStreamDevice(path)
        } else if appending {
            descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
            var info = stat()
            if descriptor >= 0, fstat(descriptor, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG {
                close(descriptor)
                descriptor = -1
                return "cannot write '\(path)': not a regular file"
            }
        } else {
            descriptor = Glibc.open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { InterruptCleanup.arm(removing: temporaryPath) }
        }
        if descriptor < 0 { return "cannot write '\(path)': \(String(cString: strerror(errno)))" }
        return nil
    }

    /// The size of an existing regular file (for `-c`), or nil; a symlink is not followed (never resumed).
    static func existingSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether anything (a file, a folder, a symlink, even a dangling one) has this name.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard writeAll(bytes, to: descriptor) else {
            error = "cannot write '\(path)': \(String(cString: strerror(errno)))"
            return false
        }
        return true
    }

    /// Flushes to disk and renames over the real name; returns a message on failure.
    func commit() -> String? {
        defer { InterruptCleanup.disarm() }
        if direct {
            let closed = close(descriptor) == 0
            descriptor = -1
            return closed ? nil : "cannot write '\(path)': \(String(cString: strerror(errno)))"
        }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            unlink(temporaryPath)
            return "cannot write '\(path)': \(String(cString: strerror(errno)))"
        }
        descriptor = -1
        if appending { return nil }
        if exclusive {
            // link(2) never replaces: an existing name (a symlink planted meanwhile too) is an error.
            let linked = link(temporaryPath, path) == 0
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            return linked ? nil : "cannot write '\(path)': \(reason)"
        }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            return "cannot write '\(path)': \(reason)"
        }
        return nil
    }

    /// Removes the temporary file (failed or refused download).
    func discard() {
        if descriptor >= 0 {
            if appending { fsync(descriptor) }
            close(descriptor)
        }
        descriptor = -1
        if !appending && !direct { unlink(temporaryPath) }
        InterruptCleanup.disarm()
    }
}

/// SIGINT/SIGTERM while a download's temporary file is open: remove the file and exit 130.
///
/// The handler is installed (with `sigaction`) only while the file is open, and restored after. It reads nothing
/// but a buffer allocated once and filled while the signals are blocked, so it never sees a half-written or freed
/// path, and calls only async-signal-safe functions (`unlink`, `_exit`). Output buffered before the download is
/// flushed by the caller before the file is opened (see `ResponsePrinter.startDownload`); the body goes to the file.
enum InterruptCleanup {
    private static let capacity = Int(PATH_MAX) + 1
    nonisolated(unsafe) private static let path: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        return buffer
    }()
    nonisolated(unsafe) private static var previous = (interrupt: sigaction(), terminate: sigaction())
    nonisolated(unsafe) private static var armed = false

    /// Installs the handler for `temporaryPath` (a path too long for the buffer is not removed, only exited on).
    static func arm(removing temporaryPath: String) {
        withSignalsBlocked {
            let bytes = Array(temporaryPath.utf8)
            if bytes.count < capacity {
                for (index, byte) in bytes.enumerated() { path[index] = CChar(bitPattern: byte) }
                path[bytes.count] = 0
            } else {
                path[0] = 0
            }
            guard !armed else { return }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                if InterruptCleanup.path[0] != 0 { unlink(InterruptCleanup.path) }
                _exit(130)
            }
            sigemptyset(&action.sa_mask)
            sigaction(SIGINT, &action, &previous.interrupt)
            sigaction(SIGTERM, &action, &previous.terminate)
            armed = true
        }
    }

    /// Restores the handlers there were before `arm`.
    static func disarm() {
        withSignalsBlocked {
            path[0] = 0
            guard armed else { return }
            sigaction(SIGINT, &previous.interrupt, nil)
            sigaction(SIGTERM, &previous.terminate, nil)
            armed = false
        }
    }

    /// Whether the handler is installed (for tests).
    static var isArmed: Bool { armed }

    private static func withSignalsBlocked(_ body: () -> Void) {
        var blocked = sigset_t()
        var old = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &old)
        body()
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }
}
