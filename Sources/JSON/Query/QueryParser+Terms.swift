import Support

/// Terms: paths, literals, constructors, control structures and their postfix suffixes.
extension QueryParser {
    static let keywords: Set<String> = [
        "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch", "label", "import",
        "include", "and", "or", "__loc__",
    ]

    mutating func parsePostfix() throws(QueryError) -> QueryNode {
        if current.isSymbol("-") {
            advance()
            try enter()
            defer { depth -= 1 }
            return .negate(try parsePostfix())
        }
        if current.isIdentifier("try") {
            let start = current
            advance()
            try enter()
            defer { depth -= 1 }
            let body = try parsePostfix()
            var handler: QueryNode?
            if current.isIdentifier("catch") {
                advance()
                handler = try parsePostfix()
            }
            _ = start
            return .tryCatch(body, catch: handler ?? .call("empty", []))
        }
        var node = try parseTerm()
        let stepsBefore = steps
        defer { steps = stepsBefore }
        while true {
            if current.isSymbol("?") || current.isSymbol("[") { try step() }
            if case .field = current.kind { try step() }
            if case .dot = current.kind { try step() }
            if current.isSymbol("?") {
                advance()
                node = .tryCatch(node, catch: .call("empty", []))
            } else if case .field(let name) = current.kind {
                advance()
                node = .index(node, key: .literal(.string(name)))
            } else if case .dot = current.kind, case .string = peek(1).kind {
                advance()
                node = .index(node, key: try parseString(format: "text"))
            } else if case .dot = current.kind, peek(1).isSymbol("[") {
                advance()
                node = try parseBracketSuffix(node)
            } else if current.isSymbol("[") {
                node = try parseBracketSuffix(node)
            } else {
                return node
            }
        }
    }

    /// `[]`, `[F]`, `[F:G]`, `[F:]`, `[:G]` after a term.
    private mutating func parseBracketSuffix(_ base: QueryNode) throws(QueryError) -> QueryNode {
        try expect("[")
        try enter()
        defer { depth -= 1 }
        if current.isSymbol("]") {
            advance()
            return .iterate(base)
        }
        if current.isSymbol(":") {
            advance()
            let to = try parsePipe()
            try expect("]")
            return .slice(base, from: nil, to: to)
        }
        let key = try parsePipe()
        if current.isSymbol(":") {
            advance()
            if current.isSymbol("]") {
                advance()
                return .slice(base, from: key, to: nil)
            }
            let to = try parsePipe()
            try expect("]")
            return .slice(base, from: key, to: to)
        }
        try expect("]")
        return .index(base, key: key)
    }

    private mutating func parseTerm() throws(QueryError) -> QueryNode {
        let token = current
        switch token.kind {
        case .dot:
            advance()
            if case .string = current.kind { return .index(.identity, key: try parseString(format: "text")) }
            return .identity
        case .dotDot:
            advance()
            return .recurse
        case .field(let name):
            advance()
            return .index(.identity, key: .literal(.string(name)))
        case .number(let text):
            advance()
            return .literal(.number(Self.number(text)))
        case .string:
            return try parseString(format: "text")
        case .format(let name):
            advance()
            if case .string = current.kind { return try parseString(format: name) }
            return .format(name)
        case .variable(let name):
            advance()
            if name == "__loc__" { return .literal(location(of: token)) }
            return .variable(name)
        case .symbol("("):
            advance()
            try enter()
            defer { depth -= 1 }
            let inner = try parsePipe()
            try expect(")")
            return inner
        case .symbol("["):
            advance()
            try enter()
            defer { depth -= 1 }
            if current.isSymbol("]") {
                advance()
                return .array(nil)
            }
            let inner = try parsePipe()
            try expect("]")
            return .array(inner)
        case .symbol("{"):
            return try parseObject()
        case .identifier(let name):
            return try parseNamed(name, token)
        default:
            throw unexpected(token)
        }
    }

    /// Keyword constructs and function calls.
    private mutating func parseNamed(_ name: String, _ token: QueryToken) throws(QueryError) -> QueryNode {
        switch name {
        case "true", "false", "null":
            advance()
            return .literal(name == "null" ? .null : .bool(name == "true"))
        case "if":
            advance()
            try enter()
            defer { depth -= 1 }
            return try parseConditional()
        case "reduce":
            advance()
            try enter()
            defer { depth -= 1 }
            let source = try parseAlternative()
            try expectKeyword("as")
            let pattern = try parsePatterns()
            guard pattern.count == 1 else { throw error("reduce takes one pattern", at: token) }
            try expect("(")
            let initial = try parsePipe()
            try expect(";")
            let update = try parsePipe()
            try expect(")")
            return .reduce(source, pattern: pattern[0], initial: initial, update: update)
        case "foreach":
            advance()
            try enter()
            defer { depth -= 1 }
            let source = try parseAlternative()
            try expectKeyword("as")
            let pattern = try parsePatterns()
            guard pattern.count == 1 else { throw error("foreach takes one pattern", at: token) }
            try expect("(")
            let initial = try parsePipe()
            try expect(";")
            let update = try parsePipe()
            var extract: QueryNode?
            if current.isSymbol(";") {
                advance()
                extract = try parsePipe()
            }
            try expect(")")
            return .foreach(source, pattern: pattern[0], initial: initial, update: update, extract: extract)
        case "label":
            advance()
            guard case .variable(let label) = current.kind else { throw unexpected(current, expecting: "'$name'") }
            advance()
            try expect("|")
            try enter()
            defer { depth -= 1 }
            return .label(label, try parsePipe())
        case "def":
            let definition = try parseDefinition()
            return .define(definition, rest: try parsePipe())
        case "import", "include":
            throw QueryError(
                expression: expression, column: token.column,
                message: "modules ('\(name)') are not supported: --query has no module search path",
                kind: .unsupported)
        case "break":
            advance()
            guard case .variable(let label) = current.kind else { throw unexpected(current, expecting: "'$name'") }
            advance()
            return .breakLabel(label)
        default:
            if Self.keywords.contains(name) { throw unexpected(token) }
            if name.containsText("::") {
                throw QueryError(
                    expression: expression, column: token.column,
                    message: "modules ('\(name)') are not supported: --query has no module search path",
                    kind: .unsupported)
            }
            advance()
            var arguments: [QueryNode] = []
            if current.isSymbol("(") {
                advance()
                try enter()
                defer { depth -= 1 }
                arguments.append(try parsePipe())
                while current.isSymbol(";") {
                    advance()
                    arguments.append(try parsePipe())
                }
                try expect(")")
            }
            return .call(name, arguments)
        }
    }

    /// After `if`: `C then A (elif C then A)* (else B)? end`.
    private mutating func parseConditional() throws(QueryError) -> QueryNode {
        let condition = try parsePipe()
        try expectKeyword("then")
        let then = try parsePipe()
        if current.isIdentifier("elif") {
            advance()
            return .conditional(condition, then: then, otherwise: try parseConditional())
        }
        var otherwise: QueryNode?
        if current.isIdentifier("else") {
            advance()
            otherwise = try parsePipe()
        }
        try expectKeyword("end")
        return .conditional(condition, then: then, otherwise: otherwise)
    }

    /// `def name: body;` or `def name(a; $b): body;`
    mutating func parseDefinition() throws(QueryError) -> QueryFunctionDefinition {
        try expectKeyword("def")
        guard case .identifier(let name) = current.kind, !Self.keywords.contains(name) || name == "__loc__" else {
            throw unexpected(current, expecting: "a function name")
        }
        advance()
        var parameters: [String] = []
        if current.isSymbol("(") {
            advance()
            while true {
                switch current.kind {
                case .identifier(let parameter) where !Self.keywords.contains(parameter):
                    parameters.append(parameter)
                case .variable(let parameter):
                    parameters.append("$" + parameter)
                default:
                    throw unexpected(current, expecting: "a parameter name")
                }
                advance()
                if current.isSymbol(";") {
                    advance()
                    continue
                }
                try expect(")")
                break
            }
        }
        try expect(":")
        try enter()
        defer { depth -= 1 }
        let body = try parsePipe()
        try expect(";")
        return QueryFunctionDefinition(name: name, parameters: parameters, body: body)
    }

    /// `{$__loc__}`'s value: the file and 1-based line of the token.
    func location(of token: QueryToken) -> JSONValue {
        let line = expression.unicodeScalars.prefix(token.column).filter { $0 == "\n" }.count + 1
        return .object(["file": .string("<top-level>"), "line": .number(JSONNumber(line))])
    }

    /// A number literal; forms that are not JSON (`.5`, `1.`, `007`) are rewritten as JSON numbers.
    static func number(_ text: String) -> JSONNumber {
        if JSONNumber.isJSONLiteral(text) { return JSONNumber(literal: text) }
        return JSONNumber(Double(text) ?? 0)
    }
}

extension JSONNumber {
    /// Whether `text` is a number as RFC 8259 writes it.
    static func isJSONLiteral(_ text: String) -> Bool {
        var bytes = Substring(text).utf8
        func digits(_ bytes: inout Substring.UTF8View) -> Int {
            var count = 0
            while let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
                bytes.removeFirst()
                count += 1
            }
            return count
        }
        if bytes.first == 0x2D { bytes.removeFirst() }
        if bytes.first == 0x30 {
            bytes.removeFirst()
        } else if digits(&bytes) == 0 {
            return false
        }
        if bytes.first == 0x2E {
            bytes.removeFirst()
            if digits(&bytes) == 0 { return false }
        }
        if let e = bytes.first, e == 0x65 || e == 0x45 {
            bytes.removeFirst()
            if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes.removeFirst() }
            if digits(&bytes) == 0 { return false }
        }
        return bytes.isEmpty
    }
}
