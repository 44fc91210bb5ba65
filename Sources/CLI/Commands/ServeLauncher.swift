#if canImport(Glibc)
    import Glibc
#endif

/// `api serve` in the one-shot binary: the mock server (SwiftNIO, Hummingbird) lives in its own executable,
/// `api-serve`, installed next to `api`, so that `api get` loads none of it. This replaces the process with that
/// binary, given the same arguments.
enum ServeLauncher {
    static let binaryName = "api-serve"

    /// Returns only when the binary cannot be started: the error to report.
    static func exec(_ environment: Environment) -> UsageError {
        let path = siblingPath()
        environment.stdout.flush()
        environment.stderr.flush()
        let arguments = [path] + environment.arguments
        var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        pointers.append(nil)
        execv(path, pointers)
        let reason = String(cString: strerror(errno))
        for pointer in pointers { free(pointer) }
        return UsageError(
            "cannot start \(path): \(reason) ('api serve' runs the \(binaryName) binary installed next to api)")
    }

    /// `api-serve` in the directory of the running executable (`/proc/self/exe`); the bare name if that is unknown.
    static func siblingPath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return binaryName }
        let executable = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return binaryName }
        return executable[...slash] + binaryName
    }
}
