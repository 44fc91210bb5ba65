/// Recursive-descent parser for the jq subset, with jq's precedence (lowest first):
/// `|` (right), `,` (left), `//` (right), `or`, `and`, comparisons (not chainable), `+ -`, `* / %`, unary `-`,
/// postfix terms (`.a`, `[F]`, `[F:G]`, `[]`, `?`).
struct QueryParser {
    private let expression: String
    private let tokens: [QueryToken]
    private var index = 0
    var depth = 0

    /// Deeper nesting than this is refused rather than risking the stack (while parsing or evaluating): it counts
    /// brackets, pipes and chained operators and suffixes (`.a.b.c` is three levels).
    static let maximumDepth = 256

    static func parse(_ expression: String) throws(QueryError) -> QueryNode {
        var parser = QueryParser(expression: expression, tokens: QueryLexer.tokenize(expression))
        if parser.current.isEnd { return .identity }  // jq treats an empty program as `.`
        let node = try parser.parsePipe()
        guard parser.current.isEnd else { throw parser.unexpected(parser.current) }
        return node
    }

    private init(expression: String, tokens: [QueryToken]) {
        self.expression = expression
        self.tokens = tokens
    }

    // MARK: - Binary levels

    mutating func parsePipe() throws(QueryError) -> QueryNode {
        try enter()
        defer { depth -= 1 }
        let lhs = try parseComma()
        guard current.isSymbol("|") else { return lhs }
        advance()
        return .pipe(lhs, try parsePipe())
    }

    private mutating func parseComma() throws(QueryError) -> QueryNode {
        let first = try parseAlternative()
        guard current.isSymbol(",") else { return first }
        var parts = [first]
        while current.isSymbol(",") {
            advance()
            parts.append(try parseAlternative())
        }
        return .comma(parts)
    }

    private mutating func parseAlternative() throws(QueryError) -> QueryNode {
        let lhs = try parseOr()
        guard current.isSymbol("//") else { return lhs }
        advance()
        try enter()
        defer { depth -= 1 }
        return .alternative(lhs, try parseAlternative())
    }

    private mutating func parseOr() throws(QueryError) -> QueryNode {
        var node = try parseAnd()
        let depthBefore = depth
        defer { depth = depthBefore }
        while current.isIdentifier("or") {
            advance()
            try enter()
            node = .or(node, try parseAnd())
        }
        return node
    }

    private mutating func parseAnd() throws(QueryError) -> QueryNode {
        var node = try parseComparison()
        let depthBefore = depth
        defer { depth = depthBefore }
        while current.isIdentifier("and") {
            advance()
            try enter()
            node = .and(node, try parseComparison())
        }
        return node
    }

    private static let comparisons: [String: QueryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func parseComparison() throws(QueryError) -> QueryNode {
        let lhs = try parseAdditive()
        guard case .symbol(let text) = current.kind, let op = Self.comparisons[text] else { return lhs }
        advance()
        let rhs = try parseAdditive()
        if case .symbol(let next) = current.kind, Self.comparisons[next] != nil {
            throw syntaxError("comparisons cannot be chained; add parentheses", at: current)
        }
        return .binary(op, lhs, rhs)
    }

    private mutating func parseAdditive() throws(QueryError) -> QueryNode {
        var node = try parseMultiplicative()
        let depthBefore = depth
        defer { depth = depthBefore }
        while true {
            if current.isSymbol("+") || current.isSymbol("-") { try enter() }
            if current.isSymbol("+") {
                advance()
                node = .binary(.add, node, try parseMultiplicative())
            } else if current.isSymbol("-") {
                advance()
                node = .binary(.subtract, node, try parseMultiplicative())
            } else {
                return node
            }
        }
    }

    private mutating func parseMultiplicative() throws(QueryError) -> QueryNode {
        var node = try parseUnary()
        let depthBefore = depth
        defer { depth = depthBefore }
        while case .symbol(let text) = current.kind, let op = QueryOperator(rawValue: text),
            op == .multiply || op == .divide || op == .modulo
        {
            advance()
            try enter()
            node = .binary(op, node, try parseUnary())
        }
        return node
    }

    private mutating func parseUnary() throws(QueryError) -> QueryNode {
        guard current.isSymbol("-") else { return try parsePostfix() }
        advance()
        try enter()
        defer { depth -= 1 }
        return .negate(try parseUnary())
    }

    // MARK: - Helpers shared with the term parser

    var current: QueryToken { tokens[index] }

    func peek(_ offset: Int) -> QueryToken { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expect(_ symbol: String, _ context: String) throws(QueryError) {
        guard current.isSymbol(symbol) else {
            if case .symbol = current.kind {
                throw syntaxError("expected '\(symbol)' \(context), found \(current.quoted)", at: current)
            }
            throw unexpected(current, expected: "'\(symbol)' \(context)")
        }
        advance()
    }

    mutating func enter() throws(QueryError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw syntaxError("query is nested too deeply (more than \(Self.maximumDepth) levels)", at: current)
        }
    }

    /// The error for a token that cannot stand where it is.
    func unexpected(_ token: QueryToken, expected: String? = nil) -> QueryError {
        switch token.kind {
        case .unsupported(let what):
            return unsupported(what, at: token.column)
        case .invalid(let message):
            return QueryError(expression: expression, column: token.column, message: message, kind: .syntax)
        default:
            let tail = expected.map { ", expected \($0)" } ?? ""
            return syntaxError("unexpected \(token.quoted)\(tail)", at: token)
        }
    }

    func syntaxError(_ message: String, at token: QueryToken) -> QueryError {
        QueryError(expression: expression, column: token.column, message: message, kind: .syntax)
    }

    func unsupported(_ what: String, at column: Int) -> QueryError {
        QueryError(
            expression: expression, column: column, message: "\(what) \(QueryError.unsupportedSuffix)",
            kind: .unsupported)
    }
}
