/// Flags a pattern is compiled with; the names follow JavaScript's RegExp flags (`i`, `m`, `s`) and Perl's `x`.
public struct PatternOptions: OptionSet, Hashable, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `i`: letters match regardless of case (simple Unicode case folding).
    public static let caseInsensitive = PatternOptions(rawValue: 1 << 0)
    /// `m`: `^` and `$` also match after and before a line terminator.
    public static let multiline = PatternOptions(rawValue: 1 << 1)
    /// `s`: `.` also matches line terminators.
    public static let dotMatchesLineTerminators = PatternOptions(rawValue: 1 << 2)
    /// `x`: white space outside classes is ignored and `#` starts a comment to the end of the line.
    public static let extended = PatternOptions(rawValue: 1 << 3)
}
