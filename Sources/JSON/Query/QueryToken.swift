/// One lexical token of a query, with the 0-based scalar column where it starts.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `.` on its own.
        case dot
        /// `.name`
        case field(String)
        /// A bare name: a function, a keyword (`and`, `if`, `reduce`, ...), `true`, `false`, `null`.
        case identifier(String)
        /// A number literal as written.
        case number(String)
        /// A string literal, escapes decoded.
        case string(String)
        /// Punctuation and operators: `| , ( ) [ ] { } : ; ? == != < <= > >= + - * / % //`.
        case symbol(String)
        /// Valid jq that the subset does not support (`$x`, `@base64`, `..`, `|=`, ...), described for the message.
        case unsupported(String)
        /// Text that is not valid jq; parsing stops here with this error.
        case invalid(String)
        case end
    }

    let kind: Kind
    let column: Int

    var isEnd: Bool { kind == .end }

    func isSymbol(_ text: String) -> Bool { kind == .symbol(text) }

    func isIdentifier(_ name: String) -> Bool { kind == .identifier(name) }

    /// How the token reads in a message: `')'`, `'reduce'`, `end of query`.
    var quoted: String {
        switch kind {
        case .dot: "'.'"
        case .field(let name): "'.\(name)'"
        case .identifier(let name): "'\(name)'"
        case .number(let text): "'\(text)'"
        case .string: "string literal"
        case .symbol(let text): "'\(text)'"
        case .unsupported(let what): what
        case .invalid(let message): message
        case .end: "end of query"
        }
    }
}
