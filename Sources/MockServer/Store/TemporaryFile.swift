#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates the new file `path` for writing, with permission bits `mode`: exclusively (never opening a file that
/// already exists) and never through a symbolic link, so a link planted at a predictable temporary name cannot
/// redirect the write. Something left at `path` (a temporary file from a crash, a planted link) is removed and
/// the creation tried once more; a folder there is left alone and is an error.
func createExclusively(_ path: String, mode: mode_t) throws(FileError) -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
    var descriptor = open(path, flags, mode)
    if descriptor < 0, errno == EEXIST, removeNonFolder(path) {
        descriptor = open(path, flags, mode)
    }
    guard descriptor >= 0 else { throw FileError(path: path, action: "create temporary file") }
    // The mode given to open() is narrowed by the umask: set it exactly.
    _ = fchmod(descriptor, mode)
    return descriptor
}

/// Removes whatever is at `path` without following it, unless it is a folder; true when something was removed.
@discardableResult
func removeNonFolder(_ path: String) -> Bool {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else {
        errno = EEXIST
        return false
    }
    return unlink(path) == 0
}

extension DurableFile {
    /// Whether `name` (a bare file name) is one of the temporary files a save of this file writes:
    /// `.<name>.api-save-<digits>.tmp`.
    func isTemporaryName(_ name: String) -> Bool {
        let prefix = "." + fileName + ".api-save-"
        let suffix = ".tmp"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.utf8.count > prefix.utf8.count + suffix.utf8.count
        else { return false }
        let slot = name.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        return slot.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Removes the temporary files an earlier run left behind (killed during a save): only names of this file's
    /// own pattern (`isTemporaryName`) in its folder, never folders, never following links. Returns the names
    /// removed. Call it before any save starts.
    func removeStaleTemporaryFiles() -> [String] {
        guard let folder = opendir(directory) else { return [] }
        var stale: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if isTemporaryName(name) { stale.append(name) }
        }
        closedir(folder)
        let prefix = directory == "/" ? "/" : directory + "/"
        return stale.sorted().filter { removeNonFolder(prefix + $0) }
    }
}
