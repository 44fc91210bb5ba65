/// Why one line of a batch file is not a request spec, with its 1-based line number.
public struct BatchSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    /// Lower-case, without the location: `missing "url"`.
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 4: missing "url"`.
    public var description: String { "line \(line): \(message)" }
}
