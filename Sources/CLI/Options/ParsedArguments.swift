/// The command line after option parsing: option values by long name, and the positional words in order. Options
/// are read by `OptionName` (see OptionName.swift), never by a string, and only by the decoding layer: the typed
/// per-command values of Options/Decoded (`RequestOptions`, `BatchCommandOptions`, `ClientOptions`), `API`'s
/// dispatch and `ServeCommand`.
public struct ParsedArguments: Sendable, Equatable {
    /// Values by long option name; a flag has one empty value per occurrence.
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []

    public init() {}
}
