/// Walks the tokens of a nested path, failing with HTTPie's "expected ..." errors.
struct NestedPathReader {
    let tokens: [NestedPathToken]
    var position = 0

    var atEnd: Bool { position == tokens.count }

    /// The next token, which must be one of `kinds`; nil only at the end when `orEndAllowed`.
    mutating func next(
        expecting kinds: [NestedPathToken.Kind], orEndAllowed: Bool = false
    ) throws(NestedPathSyntaxError) -> NestedPathToken? {
        guard position < tokens.count else {
            if orEndAllowed { return nil }
            throw NestedPathSyntaxError(column: tokens.last?.span.upperBound ?? 0, message: Self.expected(kinds))
        }
        let token = tokens[position]
        guard kinds.contains(token.kind) else {
            throw NestedPathSyntaxError(column: token.span.lowerBound, message: Self.expected(kinds))
        }
        position += 1
        return token
    }

    /// After a root `[`: `N]` (an index) or `]` (append). Returns the component and the column after it.
    mutating func readIndexOrAppend(
        opening: NestedPathToken
    ) throws(NestedPathSyntaxError) -> (NestedJSONPath.Component, Int) {
        let inner = try next(expecting: [.number, .rightBracket])!
        if inner.kind == .rightBracket { return (.append, inner.span.upperBound) }
        let closing = try next(expecting: [.rightBracket])!
        return (.index(try NestedJSONPath.index(of: inner)), closing.span.upperBound)
    }

    private static func expected(_ kinds: [NestedPathToken.Kind]) -> String {
        let names = kinds.map(\.name)
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        return "bad nested JSON path: expected \(list)"
    }
}
