import LinearRegex
import Testing

/// `PatternOptions` from JavaScript-style flag letters.
func options(_ flags: String) -> PatternOptions {
    var options: PatternOptions = []
    for flag in flags {
        switch flag {
        case "i": options.insert(.caseInsensitive)
        case "m": options.insert(.multiline)
        case "s": options.insert(.dotMatchesLineTerminators)
        case "x": options.insert(.extended)
        default: Issue.record("unknown flag \(flag)")
        }
    }
    return options
}

/// The text of each group of `match` (nil for a group that did not take part).
func groupTexts(_ match: PatternMatch, in text: String) -> [String?] {
    let bytes = Array(text.utf8)
    return match.groups.map { range in range.map { String(decoding: bytes[$0], as: UTF8.self) } }
}
