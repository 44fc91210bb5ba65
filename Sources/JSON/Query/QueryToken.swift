/// One lexical token of a query, with the 0-based scalar column where it starts.
struct QueryToken: Sendable {
    enum Kind: Sendable {
        /// `.` on its own.
        case dot
        /// `..`
        case dotDot
        /// `.name`
        case field(String)
        /// A bare name: a function, a keyword, `true`, `false`, `null`; `mod::name` for module references.
        case identifier(String)
        /// `$name`
        case variable(String)
        /// `@name`
        case format(String)
        /// A number literal as written.
        case number(String)
        /// A string literal: text and `\(...)` interpolations (as token lists, ending with `.end`).
        case string([QueryLexedPart])
        /// Punctuation and operators.
        case symbol(String)
        /// Text that is not valid jq; parsing stops here with this error.
        case invalid(String)
        case end
    }

    let kind: Kind
    let column: Int

    var isEnd: Bool { if case .end = kind { return true } else { return false } }

    func isSymbol(_ text: String) -> Bool { if case .symbol(text) = kind { return true } else { return false } }

    func isIdentifier(_ name: String) -> Bool {
        if case .identifier(name) = kind { return true } else { return false }
    }

    /// How the token reads in a message: `')'`, `'reduce'`, `end of query`.
    var quoted: String {
        switch kind {
        case .dot: "'.'"
        case .dotDot: "'..'"
        case .field(let name): "'.\(name)'"
        case .identifier(let name): "'\(name)'"
        case .variable(let name): "'$\(name)'"
        case .format(let name): "'@\(name)'"
        case .number(let text): "'\(text)'"
        case .string: "string literal"
        case .symbol(let text): "'\(text)'"
        case .invalid(let message): message
        case .end: "end of query"
        }
    }
}

enum QueryLexedPart: Sendable {
    case text(String)
    case interpolation([QueryToken])
}
