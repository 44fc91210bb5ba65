/// Why a pattern could not be compiled: a syntax error, a feature that cannot run in linear time, or a pattern whose
/// program would be too large. `offset` counts Unicode scalars from the start of the pattern.
public struct PatternError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The pattern is not a valid regular expression.
        case syntax
        /// Valid syntax that this engine refuses because it cannot be matched in linear time (back-references,
        /// look-around) or does not implement.
        case unsupported
        /// The compiled program would exceed `Pattern.maximumProgramSize` (or another size limit).
        case tooLarge
    }

    public let kind: Kind
    /// A lower-case, one-line reason, e.g. `missing ')'`.
    public let reason: String
    /// Where in the pattern (in Unicode scalars) the problem is.
    public let offset: Int

    public init(_ kind: Kind, _ reason: String, at offset: Int) {
        self.kind = kind
        self.reason = reason
        self.offset = offset
    }

    /// `reason at offset N`.
    public var description: String { "\(reason) at offset \(offset)" }
}
