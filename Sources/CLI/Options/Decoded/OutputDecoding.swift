// Decoding of the output options (part of the option-decoding layer, used by `RequestOptions`).

extension PrintSelection {
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

extension PrettyMode {
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
