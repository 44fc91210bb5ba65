/// The command line after option parsing: option values by long name, and the positional words in order. Options
/// are read by `OptionName` (see OptionName.swift), never by a string.
public struct ParsedArguments: Sendable, Equatable {
    /// Values by long option name; a flag has one empty value per occurrence.
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []

    public init() {}
}
