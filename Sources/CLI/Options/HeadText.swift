import Client

/// Text from the command line or the environment that ends up in the request head (a header, the URL, credentials,
/// the proxy): a CR, LF or NUL in it would inject headers, so it is refused with a usage error naming its source.
enum HeadText {
    /// The options whose values are sent in the request head.
    static let options: [OptionName] = [.header, .userAgent, .bearer, .auth, .proxy, .base]

    /// Refuses `text` when it holds a CR, LF or NUL; `source` names it: `--header`, `$API_TOKEN`, `TARGET`.
    static func check(_ text: String, source: String) throws(UsageError) {
        guard containsLineBreak(text) else { return }
        throw UsageError("\(source) cannot contain a line break (CR, LF or NUL)")
    }

    /// Checks every value of the head options.
    static func check(_ arguments: ParsedArguments) throws(UsageError) {
        for option in options {
            for value in arguments.all(option) { try check(value, source: "--\(option.rawValue)") }
        }
    }
}
