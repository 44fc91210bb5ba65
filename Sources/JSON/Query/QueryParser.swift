/// Recursive-descent parser for jq, with jq's precedence (lowest first):
/// `def`, `|` (right), `,` (left), `//` (right), assignments `= |= += -= *= /= %= //=` (not chainable), `or`, `and`,
/// comparisons (not chainable), `+ -`, `* / %`, unary `-`, `try`, postfix terms (`.a`, `[F]`, `[F:G]`, `[]`, `?`,
/// `as $x | F`).
struct QueryParser {
    let expression: String
    private let tokens: [QueryToken]
    private var index = 0
    var depth = 0

    /// Deeper nesting than this is refused rather than risking the stack (while parsing, checking or evaluating):
    /// brackets, parentheses, `if`, `reduce`, string interpolation ... Chains (`.a.b`, `1 + 2`, `a | b`) are not
    /// nesting: they have their own, larger cap, `maximumChain` steps along any path; list elements (`1, 2, 3`)
    /// count neither.
    static let maximumDepth = 256
    static let maximumChain = 1_000
    var steps = 0

    static func parse(_ expression: String) throws(QueryError) -> QueryNode {
        try parse(tokens: QueryLexer.tokenize(expression), expression: expression, depth: 0)
    }

    static func parse(tokens: [QueryToken], expression: String, depth: Int) throws(QueryError) -> QueryNode {
        var parser = QueryParser(expression: expression, tokens: tokens)
        parser.depth = depth
        if parser.current.isEnd { return .identity }  // jq treats an empty program as `.`
        let node = try parser.parsePipe()
        guard parser.current.isEnd else { throw parser.unexpected(parser.current) }
        return node
    }

    private init(expression: String, tokens: [QueryToken]) {
        self.expression = expression
        self.tokens = tokens
    }

    // MARK: - Tokens

    var current: QueryToken { tokens[index] }

    func peek(_ offset: Int) -> QueryToken { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    mutating func expect(_ symbol: String) throws(QueryError) {
        guard current.isSymbol(symbol) else { throw unexpected(current, expecting: "'\(symbol)'") }
        advance()
    }

    mutating func expectKeyword(_ keyword: String) throws(QueryError) {
        guard current.isIdentifier(keyword) else { throw unexpected(current, expecting: "'\(keyword)'") }
        advance()
    }

    func unexpected(_ token: QueryToken, expecting: String? = nil) -> QueryError {
        if case .invalid(let message) = token.kind {
            return QueryError(expression: expression, column: token.column, message: message, kind: .syntax)
        }
        let message = "syntax error: unexpected \(token.quoted)" + (expecting.map { ", expecting \($0)" } ?? "")
        return QueryError(expression: expression, column: token.column, message: message, kind: .syntax)
    }

    func error(_ message: String, at token: QueryToken) -> QueryError {
        QueryError(expression: expression, column: token.column, message: message, kind: .syntax)
    }

    mutating func step() throws(QueryError) {
        steps += 1
        if steps > Self.maximumChain {
            throw error("query nested too deeply (a chain of more than \(Self.maximumChain) steps)", at: current)
        }
    }

    mutating func enter() throws(QueryError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("query nested too deeply (more than \(Self.maximumDepth) levels)", at: current)
        }
    }

    // MARK: - Binary levels

    mutating func parsePipe() throws(QueryError) -> QueryNode {
        if current.isIdentifier("def") {
            let definition = try parseDefinition()
            return .define(definition, rest: try parsePipe())
        }
        var stages = [try parseComma()]
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while current.isSymbol("|") {
            advance()
            try step()
            if current.isIdentifier("def") {
                let definition = try parseDefinition()
                stages.append(.define(definition, rest: try parsePipe()))
                break
            }
            stages.append(try parseComma())
        }
        return Self.foldPipe(stages)
    }

    /// `a | b | c` as `a | (b | c)`; a stage that is `T as $x | F` already holds the rest of the pipe.
    static func foldPipe(_ stages: [QueryNode]) -> QueryNode {
        var node = stages[stages.count - 1]
        for stage in stages.dropLast().reversed() { node = .pipe(stage, node) }
        return node
    }

    /// A pipe without commas: object values (`{a: 1 | 2}`).
    mutating func parsePipeWithoutComma() throws(QueryError) -> QueryNode {
        var stages = [try parseAlternative()]
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while current.isSymbol("|") {
            advance()
            try step()
            stages.append(try parseAlternative())
        }
        return Self.foldPipe(stages)
    }

    private mutating func parseComma() throws(QueryError) -> QueryNode {
        let first = try parseBinding()
        guard current.isSymbol(",") else { return first }
        var parts = [first]
        while current.isSymbol(",") {
            advance()
            parts.append(try parseBinding())
        }
        return .comma(parts)
    }

    /// `Expr as $x | Query` (jq 1.8: the left side is a whole expression, `1 + 2 as $x` binds 3); the body takes
    /// the rest of the pipe.
    private mutating func parseBinding() throws(QueryError) -> QueryNode {
        let source = try parseAlternative()
        guard current.isIdentifier("as") else { return source }
        advance()
        let patterns = try parsePatterns()
        try expect("|")
        return .bind(source, patterns: patterns, body: try parsePipe())
    }

    mutating func parseAlternative() throws(QueryError) -> QueryNode {
        var operands = [try parseAssignment()]
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while current.isSymbol("//") {
            advance()
            try step()
            operands.append(try parseAssignment())
        }
        var node = operands[operands.count - 1]
        for operand in operands.dropLast().reversed() { node = .alternative(operand, node) }
        return node
    }

    private static let assignments: [String: QueryAssignment] = [
        "=": .set, "|=": .update, "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide, "%=": .modulo,
        "//=": .alternative,
    ]

    private mutating func parseAssignment() throws(QueryError) -> QueryNode {
        let lhs = try parseOr()
        guard case .symbol(let text) = current.kind, let assignment = Self.assignments[text] else { return lhs }
        advance()
        // jq's `%nonassoc`: the right side binds tighter than `//`, `,` and `|`.
        let rhs = try parseOr()
        if case .symbol(let next) = current.kind, Self.assignments[next] != nil { throw unexpected(current) }
        return .assign(assignment, lhs, rhs)
    }

    private mutating func parseOr() throws(QueryError) -> QueryNode {
        var node = try parseAnd()
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while current.isIdentifier("or") {
            advance()
            try step()
            node = .or(node, try parseAnd())
        }
        return node
    }

    private mutating func parseAnd() throws(QueryError) -> QueryNode {
        var node = try parseComparison()
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while current.isIdentifier("and") {
            advance()
            try step()
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
        if case .symbol(let next) = current.kind, Self.comparisons[next] != nil { throw unexpected(current) }
        return .binary(op, lhs, rhs)
    }

    private mutating func parseAdditive() throws(QueryError) -> QueryNode {
        var node = try parseMultiplicative()
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while true {
            if current.isSymbol("+") || current.isSymbol("-") { try step() }
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
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while true {
            let op: QueryOperator
            if current.isSymbol("*") {
                op = .multiply
            } else if current.isSymbol("/") {
                op = .divide
            } else if current.isSymbol("%") {
                op = .modulo
            } else {
                return node
            }
            advance()
            try step()
            node = .binary(op, node, try parseUnary())
        }
    }

    private mutating func parseUnary() throws(QueryError) -> QueryNode {
        try parsePostfix()
    }
}
