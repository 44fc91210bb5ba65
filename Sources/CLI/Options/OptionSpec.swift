/// One command-line option, as the option table declares it. Help, the man page and the completions are all
/// generated from these declarations, so an option exists everywhere or nowhere.
public struct OptionSpec: Sendable, Equatable {
    /// Which commands accept an option.
    public enum Scope: String, Sendable, CaseIterable {
        /// Any command.
        case global
        /// `api METHOD TARGET` only.
        case request
        /// Requests and `api batch`.
        case client
        /// `api batch` only.
        case batch
        /// `api serve --mock`.
        case serve

        /// Whether an option of this scope may be used with `command`'s scope.
        func admits(_ command: Scope) -> Bool {
            self == .global || self == command || (self == .client && (command == .request || command == .batch))
        }
    }

    /// What the shells should complete for the option's argument.
    public enum Completion: Sendable, Equatable {
        case none
        case file
        case directory
        case choices([String])
    }

    /// Long name without the dashes: "output".
    public let long: String
    public let short: Character?
    /// The argument's placeholder ("FILE"), or nil for a flag.
    public let argument: String?
    public let help: String
    public let scope: Scope
    /// The help section the option is listed under.
    public let section: String
    public let completion: Completion
    /// Can be given several times, each value kept (e.g. -H).
    public let repeatable: Bool

    public init(
        _ long: String, short: Character? = nil, argument: String? = nil, scope: Scope, section: String,
        completion: Completion = .none, repeatable: Bool = false, help: String
    ) {
        self.long = long
        self.short = short
        self.argument = argument
        self.help = help
        self.scope = scope
        self.section = section
        self.completion = completion
        self.repeatable = repeatable
    }

    public var takesArgument: Bool { argument != nil }

    /// "-o, --output FILE" or "--sort-keys".
    public var synopsis: String {
        let names = (short.map { "-\($0), " } ?? "") + "--\(long)"
        return argument.map { names + " " + $0 } ?? names
    }
}

/// A command (the first positional word) as the table declares it.
public struct CommandSpec: Sendable, Equatable {
    public let name: String
    public let usage: String
    public let summary: String
}
