#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call on the database file: `db.json: cannot rename temporary file: Permission denied`.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let action: String
    public let code: Int32

    public init(path: String, action: String, code: Int32 = errno) {
        self.path = path
        self.action = action
        self.code = code
    }

    public var description: String { "\(path): cannot \(action): \(String(cString: strerror(code)))" }
}
