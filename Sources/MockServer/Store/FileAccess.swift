#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file a save replaces for the database path `path`. A path that is a symbolic link is resolved (once, at
/// start) so that saves write through it: the new file is made in the target's folder and renamed over the
/// target, and the link stays a link. Any other path, or a link that leads nowhere, is kept as given.
func resolvingLink(_ path: String) -> String {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) else {
        return path
    }
    defer { free(resolved) }
    return String(cString: resolved)
}

extension DurableFile {
    /// Why saves cannot replace this file, or nil when they can: `db.json is read-only` when we may not write
    /// it, or when nobody may (mode 0444: root could write it anyway, but the mode says not to);
    /// `db.json is in a folder we cannot write to` when the folder refuses the new file a save renames into it.
    func readOnlyReason(displayName: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        if status.st_mode & 0o222 == 0 || access(path, W_OK) != 0 { return "\(displayName) is read-only" }
        if access(directory, W_OK | X_OK) != 0 { return "\(displayName) is in a folder we cannot write to" }
        return nil
    }
}
