/// What to print, as `-p/--print` letters: H request headers, B request body, h response headers,
/// b response body, m metadata.
public struct PrintSelection: Sendable, Equatable {
    public var requestHeaders = false
    public var requestBody = false
    public var responseHeaders = false
    public var responseBody = false
    public var metadata = false

    public init(letters: String) throws(UsageError) {
        for letter in letters {
            switch letter {
            case "H": requestHeaders = true
            case "B": requestBody = true
            case "h": responseHeaders = true
            case "b": responseBody = true
            case "m": metadata = true
            default:
                throw UsageError("invalid --print letter '\(letter)' in '\(letters)': use H, B, h, b or m")
            }
        }
    }

    /// Chooses from the options: `-p` wins, then `-v`, then `-i`; else headers and body on a terminal, the body
    /// alone when piped. `-s` drops the response body.
    static func from(_ arguments: ParsedArguments, terminal: Bool) throws(UsageError) -> PrintSelection {
        var selection: PrintSelection
        if let letters = arguments.value(.print) {
            selection = try PrintSelection(letters: letters)
        } else if arguments.flag(.verbose) {
            selection = try PrintSelection(letters: "HBhbm")
        } else if arguments.flag(.include) {
            selection = try PrintSelection(letters: "hb")
        } else {
            selection = try PrintSelection(letters: terminal ? "hb" : "b")
        }
        if arguments.flag(.silent) { selection.responseBody = false }
        return selection
    }
}

/// How bodies are shown: formatted (indented JSON) and/or colored.
public struct PrettyMode: Sendable, Equatable {
    public var format: Bool
    public var colors: Bool

    /// `--pretty` wins; otherwise all on a terminal (no colors under NO_COLOR), none when piped.
    static func from(_ arguments: ParsedArguments, terminal: Bool, noColor: Bool) throws(UsageError) -> PrettyMode {
        switch arguments.value(.pretty) {
        case "all": return PrettyMode(format: true, colors: true)
        case "colors": return PrettyMode(format: false, colors: true)
        case "format": return PrettyMode(format: true, colors: false)
        case "none": return PrettyMode(format: false, colors: false)
        case nil: return PrettyMode(format: terminal, colors: terminal && !noColor)
        case let other?: throw UsageError("invalid --pretty '\(other)': use all, colors, format or none")
        }
    }
}
