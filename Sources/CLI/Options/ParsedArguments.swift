/// The command line after option parsing: option values by long name, and the positional words in order.
public struct ParsedArguments: Sendable, Equatable {
    /// Values by long option name; a flag has one empty value per occurrence.
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []

    public init() {}

    public func flag(_ long: String) -> Bool { values[long] != nil }

    /// The last value given for the option (later options override earlier ones).
    public func value(_ long: String) -> String? { values[long]?.last }

    public func all(_ long: String) -> [String] { values[long] ?? [] }
}
