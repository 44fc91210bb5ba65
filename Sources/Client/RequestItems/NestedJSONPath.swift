/// A data key read as a nested JSON path, HTTPie 3 style: `a[b][0]`, `tags[]`, `[]`, `[0][k]`.
///
/// Grammar: a root (a key, `[N]` or `[]`) followed by any number of `[key]`, `[N]`, `[]`. Inside the key, `\[`, `\]`
/// and `\\` stand for the literal characters; a bracketed `\5` is the key "5" rather than index 5.
public struct NestedJSONPath: Equatable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Sendable {
        /// An object member.
        case key(String)
        /// An array element; the array grows with nulls to reach it.
        case index(Int)
        /// A new element at the end of an array.
        case append
    }

    /// The steps from the top-level value to the one to set; never empty.
    public let components: [Component]
    /// For each component, the columns of the item it was written at (nil for the implicit empty root key).
    let spans: [Range<Int>?]

    /// The largest `[N]` accepted, so that a typo cannot make an array of a billion nulls.
    public static let maximumIndex = 100_000

    public init(_ components: [Component]) {
        self.components = components
        self.spans = Array(repeating: nil, count: components.count)
    }

    init(components: [Component], spans: [Range<Int>?]) {
        self.components = components
        self.spans = spans
    }

    /// Two paths are equal when their components are; where they were written does not matter.
    public static func == (lhs: NestedJSONPath, rhs: NestedJSONPath) -> Bool { lhs.components == rhs.components }

    /// The path written back, e.g. `a[b][0][]` (escapes are not re-added).
    public var description: String { Self.reconstruct(components[...]) }

    static func reconstruct(_ components: ArraySlice<Component>) -> String {
        var text = ""
        for (offset, component) in components.enumerated() {
            switch component {
            case .key(let key): text += offset == 0 ? key : "[\(key)]"
            case .index(let index): text += "[\(index)]"
            case .append: text += "[]"
            }
        }
        return text
    }
}

/// A nested-path syntax error: where (a column of the item) and what.
struct NestedPathSyntaxError: Error {
    let column: Int
    let message: String
}

extension NestedJSONPath {
    /// Reads `characters` (a data key after separator escapes were removed); `columns[i]` is where character `i`
    /// was written in the item, used for error columns and carets.
    init(parsing characters: [Unicode.Scalar], columns: [Range<Int>]) throws(NestedPathSyntaxError) {
        let tokens = NestedPathToken.tokenize(characters, columns: columns)
        var reader = NestedPathReader(tokens: tokens)
        var components: [Component] = []
        var spans: [Range<Int>?] = []

        // root: (key | number | '[' number ']' | '[' ']')?
        guard let first = try reader.next(expecting: [.text, .number, .leftBracket], orEndAllowed: true) else {
            self.init(components: [.key("")], spans: [nil])
            return
        }
        switch first.kind {
        case .text, .number:
            components.append(.key(first.text))
            spans.append(first.span)
        case .leftBracket:
            let (component, end) = try reader.readIndexOrAppend(opening: first)
            components.append(component)
            spans.append(first.span.lowerBound..<end)
        case .rightBracket:
            preconditionFailure("excluded by next(expecting:)")
        }

        // path: ('[' key ']' | '[' number ']' | '[' ']')*
        while !reader.atEnd {
            let opening = try reader.next(expecting: [.leftBracket])!
            let inner = try reader.next(expecting: [.text, .number, .rightBracket])!
            switch inner.kind {
            case .rightBracket:
                components.append(.append)
                spans.append(opening.span.lowerBound..<inner.span.upperBound)
            case .text:
                let closing = try reader.next(expecting: [.rightBracket])!
                components.append(.key(inner.text))
                spans.append(opening.span.lowerBound..<closing.span.upperBound)
            case .number:
                let closing = try reader.next(expecting: [.rightBracket])!
                components.append(.index(try Self.index(of: inner)))
                spans.append(opening.span.lowerBound..<closing.span.upperBound)
            case .leftBracket:
                preconditionFailure("excluded by next(expecting:)")
            }
        }
        self.init(components: components, spans: spans)
    }

    /// The array index a number token stands for; negative and huge indexes are refused.
    static func index(of token: NestedPathToken) throws(NestedPathSyntaxError) -> Int {
        guard let value = Int(token.text), value >= 0 else {
            if token.text.hasPrefix("-") {
                throw NestedPathSyntaxError(
                    column: token.span.lowerBound, message: "negative array index \(token.text) is not supported")
            }
            throw NestedPathSyntaxError(
                column: token.span.lowerBound,
                message: "array index \(token.text) is too large (at most \(maximumIndex))")
        }
        guard value <= maximumIndex else {
            throw NestedPathSyntaxError(
                column: token.span.lowerBound,
                message: "array index \(token.text) is too large (at most \(maximumIndex))")
        }
        return value
    }
}
