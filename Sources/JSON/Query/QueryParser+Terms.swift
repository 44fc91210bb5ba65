/// Terms: paths, literals, parentheses, array and object construction, `if`, function calls, postfix suffixes.
extension QueryParser {
    /// Keywords jq has that the subset leaves out.
    private static let unsupportedKeywords: Set<String> = [
        "reduce", "foreach", "def", "try", "catch", "label", "import", "include", "as", "__loc__",
    ]
    /// Keywords that only make sense after something else.
    private static let misplacedKeywords: Set<String> = ["and", "or", "then", "elif", "else", "end"]

    mutating func parsePostfix() throws(QueryError) -> QueryNode {
        var node = try parsePrimary()
        let depthBefore = depth
        defer { depth = depthBefore }
        while true {
            if case .symbol(let text) = current.kind, text == "[" || text == "?" { try enter() }
            if case .field = current.kind { try enter() }
            if current.kind == .dot { try enter() }
            switch current.kind {
            case .field(let name):
                advance()
                node = .index(node, key: .literal(.string(name)), optional: takeQuestionMark())
            case .dot where peek(1).isSymbol("["):
                advance()  // `T.[F]`, as jq 1.7 allows
                node = try parseBracketSuffix(on: node)
            case .dot:
                guard case .string(let key) = peek(1).kind else { return node }
                advance()
                advance()
                node = .index(node, key: .literal(.string(key)), optional: takeQuestionMark())
            case .symbol("["):
                node = try parseBracketSuffix(on: node)
            case .symbol("?"):
                advance()
                node = .suppressErrors(node)
            case .identifier("as"):
                throw unsupported("'as' (variable binding)", at: current.column)
            default:
                return node
            }
        }
    }

    private mutating func takeQuestionMark() -> Bool {
        guard current.isSymbol("?") else { return false }
        advance()
        return true
    }

    /// `[]`, `[F]`, `[F:G]`, `[F:]`, `[:G]` after a term.
    private mutating func parseBracketSuffix(on base: QueryNode) throws(QueryError) -> QueryNode {
        advance()  // [
        if current.isSymbol("]") {
            advance()
            return .iterate(base, optional: takeQuestionMark())
        }
        if current.isSymbol(":") {
            advance()
            let to = try parsePipe()
            try expect("]", "to close the slice")
            return .slice(base, from: nil, to: to, optional: takeQuestionMark())
        }
        let key = try parsePipe()
        if current.isSymbol(":") {
            advance()
            if current.isSymbol("]") {
                advance()
                return .slice(base, from: key, to: nil, optional: takeQuestionMark())
            }
            let to = try parsePipe()
            try expect("]", "to close the slice")
            return .slice(base, from: key, to: to, optional: takeQuestionMark())
        }
        try expect("]", "to close the index")
        return .index(base, key: key, optional: takeQuestionMark())
    }

    private mutating func parsePrimary() throws(QueryError) -> QueryNode {
        let token = current
        switch token.kind {
        case .dot:
            advance()
            if case .string(let key) = current.kind {
                advance()
                return .index(.identity, key: .literal(.string(key)), optional: takeQuestionMark())
            }
            return .identity
        case .field(let name):
            advance()
            return .index(.identity, key: .literal(.string(name)), optional: takeQuestionMark())
        case .number(let text):
            advance()
            return .literal(Self.number(fromLiteral: text))
        case .string(let text):
            advance()
            return .literal(.string(text))
        case .symbol("("):
            advance()
            let inner = try parsePipe()
            try expect(")", "to close '('")
            return inner
        case .symbol("["):
            advance()
            if current.isSymbol("]") {
                advance()
                return .array(nil)
            }
            let inner = try parsePipe()
            try expect("]", "to close '['")
            return .array(inner)
        case .symbol("{"):
            return try parseObject()
        case .identifier(let name):
            return try parseNamed(name, token)
        default:
            throw unexpected(token)
        }
    }

    /// A bare name: `true`/`false`/`null`, `if`, a built-in function, or something the subset refuses.
    private mutating func parseNamed(_ name: String, _ token: QueryToken) throws(QueryError) -> QueryNode {
        switch name {
        case "true", "false", "null":
            advance()
            return .literal(name == "null" ? .null : .bool(name == "true"))
        case "if":
            return try parseConditional()
        default:
            break
        }
        if Self.unsupportedKeywords.contains(name) { throw unsupported("'\(name)'", at: token.column) }
        if Self.misplacedKeywords.contains(name) { throw unexpected(token) }
        advance()
        var arguments: [QueryNode] = []
        if current.isSymbol("(") {
            advance()
            arguments.append(try parsePipe())
            while current.isSymbol(";") {
                advance()
                arguments.append(try parsePipe())
            }
            try expect(")", "to close the arguments of '\(name)'")
        }
        return .call(try function(name, arguments, at: token))
    }

    private func function(_ name: String, _ arguments: [QueryNode], at token: QueryToken) throws(QueryError)
        -> QueryFunction
    {
        let withoutArguments: [String: QueryFunction] = [
            "length": .length, "keys": .keys, "keys_unsorted": .keysUnsorted, "first": .first, "last": .last,
            "not": .not, "empty": .empty, "type": .type, "add": .add,
        ]
        let withOneArgument: [String: (QueryNode) -> QueryFunction] = [
            "map": { .map($0) }, "select": { .select($0) }, "has": { .has($0) },
        ]
        switch arguments.count {
        case 0:
            if let function = withoutArguments[name] { return function }
        case 1:
            if let make = withOneArgument[name] { return make(arguments[0]) }
        default:
            break
        }
        // jq names functions by arity (`first/1`); say which forms the subset has.
        let signature = "'\(name)/\(arguments.count)'"
        if withoutArguments[name] != nil || withOneArgument[name] != nil {
            let known = withoutArguments[name] != nil ? "'\(name)'" : "'\(name)(f)'"
            throw unsupported("\(signature) (the subset has \(known) only)", at: token.column)
        }
        throw unsupported("the function \(signature)", at: token.column)
    }

    /// `if C then A (elif C then A)* (else B)? end` (a missing `else` means `else .`, as in jq 1.7).
    private mutating func parseConditional() throws(QueryError) -> QueryNode {
        advance()  // if
        var branches: [QueryBranch] = []
        repeat {
            let condition = try parsePipe()
            guard current.isIdentifier("then") else { throw unexpected(current, expected: "'then'") }
            advance()
            branches.append(QueryBranch(condition: condition, then: try parsePipe()))
            guard current.isIdentifier("elif") else { break }
            advance()
        } while true
        var otherwise: QueryNode?
        if current.isIdentifier("else") {
            advance()
            otherwise = try parsePipe()
        }
        guard current.isIdentifier("end") else { throw unexpected(current, expected: "'end'") }
        advance()
        return .conditional(branches, otherwise: otherwise)
    }

    /// `{a, "b c", d: F, "e": F, (G): F}`; a trailing comma is allowed, as in jq.
    private mutating func parseObject() throws(QueryError) -> QueryNode {
        advance()  // {
        try enter()
        defer { depth -= 1 }
        var entries: [QueryObjectEntry] = []
        while !current.isSymbol("}") {
            entries.append(try parseObjectEntry())
            if current.isSymbol(",") {
                advance()
            } else if !current.isSymbol("}") {
                throw unexpected(current, expected: "',' or '}'")
            }
        }
        advance()  // }
        return .object(entries)
    }

    private mutating func parseObjectEntry() throws(QueryError) -> QueryObjectEntry {
        let token = current
        let name: String
        switch token.kind {
        case .identifier(let identifier):
            name = identifier
        case .string(let text):
            name = text
        case .symbol("("):
            advance()
            let key = try parsePipe()
            try expect(")", "to close the key expression")
            try expect(":", "after a computed key")
            return QueryObjectEntry(key: key, value: try parseObjectValue())
        case .unsupported, .invalid:
            throw unexpected(token)
        default:
            throw syntaxError(
                "object keys must be names, strings or parenthesized expressions, found \(token.quoted)", at: token)
        }
        advance()
        let key = QueryNode.literal(.string(name))
        guard current.isSymbol(":") else {
            return QueryObjectEntry(key: key, value: .index(.identity, key: key, optional: false))
        }
        advance()
        return QueryObjectEntry(key: key, value: try parseObjectValue())
    }

    /// jq's `ExpD`: terms joined by `|`, optionally negated; anything else needs parentheses.
    private mutating func parseObjectValue() throws(QueryError) -> QueryNode {
        var node = try parseObjectValueTerm()
        let depthBefore = depth
        defer { depth = depthBefore }
        while current.isSymbol("|") {
            advance()
            try enter()
            node = .pipe(node, try parseObjectValueTerm())
        }
        if case .symbol(let text) = current.kind, text != ",", text != "}" {
            throw syntaxError(
                "unexpected '\(text)' in an object value; put parentheses around the value", at: current)
        }
        return node
    }

    private mutating func parseObjectValueTerm() throws(QueryError) -> QueryNode {
        guard current.isSymbol("-") else { return try parsePostfix() }
        advance()
        try enter()
        defer { depth -= 1 }
        return .negate(try parseObjectValueTerm())
    }

    /// A number literal; kept as written when it is already valid JSON (as jq 1.7 does), normalized otherwise
    /// (`.5`, `1.`, `007`).
    static func number(fromLiteral text: String) -> JSONValue {
        if isJSONNumber(text) { return .number(JSONNumber(literal: text)) }
        return QueryNumber.value(Double(text) ?? 0)
    }

    private static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[0] != 48 else { return false }
        if i < bytes.count, bytes[i] == 46 {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < bytes.count, bytes[i] == 101 || bytes[i] == 69 {
            i += 1
            if i < bytes.count, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count && (Double(text)?.isFinite ?? false)
    }
}
