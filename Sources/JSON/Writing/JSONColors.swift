/// ANSI SGR sequences for each kind of JSON token, used by `JSONWriter` and `JSONStreamFormatter`.
///
/// Each token is written as `color + token + reset`; a token whose color is empty is written bare (no reset).
/// Punctuation covers `{ } [ ] , :`.
public struct JSONColors: Sendable, Equatable {
    public var key: String
    public var string: String
    public var number: String
    public var bool: String
    public var null: String
    public var punctuation: String
    public var reset: String

    public init(
        key: String, string: String, number: String, bool: String, null: String, punctuation: String,
        reset: String = "\u{1B}[0m"
    ) {
        self.key = key
        self.string = string
        self.number = number
        self.bool = bool
        self.null = null
        self.punctuation = punctuation
        self.reset = reset
    }

    /// A jq-like palette: bold blue keys, green strings, cyan numbers, yellow booleans, gray null, bold brackets.
    public static let standard = JSONColors(
        key: "\u{1B}[34;1m",
        string: "\u{1B}[32m",
        number: "\u{1B}[36m",
        bool: "\u{1B}[33m",
        null: "\u{1B}[90m",
        punctuation: "\u{1B}[1;39m"
    )
}
