#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environment variables a run reads: the process's, looked up one at a time with `getenv` when asked for
/// (nothing is copied or hashed at start-up, where a one-shot GET reads three or four of them), or a fixed table
/// (tests).
public struct EnvironmentVariables: Sendable, ExpressibleByDictionaryLiteral {
    /// nil: the process's environment.
    private let table: [String: String]?

    /// The process's environment, read when a variable is asked for.
    public static var process: EnvironmentVariables { EnvironmentVariables(table: nil) }

    private init(table: [String: String]?) { self.table = table }

    public init(_ table: [String: String]) { self.table = table }

    public init(dictionaryLiteral elements: (String, String)...) {
        table = Dictionary(elements) { _, last in last }
    }

    public subscript(name: String) -> String? {
        if let table { return table[name] }
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
