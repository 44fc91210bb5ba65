/// Object constructors, destructuring patterns and string literals.
extension QueryParser {
    /// `{a, "b": F, (G): H, $x, @base64: F, "\(x)": F}`
    mutating func parseObject() throws(QueryError) -> QueryNode {
        try expect("{")
        try enter()
        defer { depth -= 1 }
        var entries: [QueryObjectEntry] = []
        while !current.isSymbol("}") {
            entries.append(try parseObjectEntry())
            if current.isSymbol(",") {
                advance()
                continue
            }
            guard current.isSymbol("}") else { throw unexpected(current, expecting: "'}'") }
        }
        advance()
        return .object(entries)
    }

    private mutating func parseObjectEntry() throws(QueryError) -> QueryObjectEntry {
        let token = current
        let key: QueryNode
        var shorthand: QueryNode?
        switch token.kind {
        case .identifier(let name):
            advance()
            key = .literal(.string(name))
            shorthand = .index(.identity, key: key)
        case .variable(let name):
            advance()
            if name == "__loc__" {
                key = .literal(.string(name))
                shorthand = .literal(location(of: token))
            } else if current.isSymbol(":") {
                key = .variable(name)  // `{$x: v}`: the key is $x's value
            } else {
                key = .literal(.string(name))
                shorthand = .variable(name)
            }
        case .number(let text):
            advance()
            key = .literal(.number(Self.number(text)))  // an error when evaluated, as in jq
        case .string:
            key = try parseString(format: "text")
            shorthand = .index(.identity, key: key)
        case .format(let name):
            advance()
            if case .string = current.kind {
                key = try parseString(format: name)
            } else {
                key = .format(name)
            }
            shorthand = .index(.identity, key: key)
        case .symbol("("):
            advance()
            let inner = try parsePipe()
            try expect(")")
            key = inner
        default:
            throw unexpected(token, expecting: "an object key")
        }
        if current.isSymbol(":") {
            advance()
            return QueryObjectEntry(key: key, value: try parsePipeWithoutComma())
        }
        guard let shorthand else { throw unexpected(current, expecting: "':'") }
        return QueryObjectEntry(key: key, value: shorthand)
    }

    /// `P ?// P ?// P`
    mutating func parsePatterns() throws(QueryError) -> [QueryPattern] {
        var patterns = [try parsePattern()]
        while current.isSymbol("?//") {
            advance()
            patterns.append(try parsePattern())
        }
        return patterns
    }

    private mutating func parsePattern() throws(QueryError) -> QueryPattern {
        switch current.kind {
        case .variable(let name):
            advance()
            return .variable(name)
        case .symbol("["):
            advance()
            try enter()
            defer { depth -= 1 }
            var items = [try parsePattern()]
            while current.isSymbol(",") {
                advance()
                items.append(try parsePattern())
            }
            try expect("]")
            return .array(items)
        case .symbol("{"):
            advance()
            try enter()
            defer { depth -= 1 }
            var entries: [(key: QueryNode, variable: String?, pattern: QueryPattern?)] = []
            repeat {
                if current.isSymbol(",") { advance() }
                entries.append(try parseObjectPatternEntry())
            } while current.isSymbol(",")
            try expect("}")
            return .object(entries)
        default:
            throw unexpected(current, expecting: "a pattern ('$name', '[...]' or '{...}')")
        }
    }

    private mutating func parseObjectPatternEntry() throws(QueryError) -> (
        key: QueryNode, variable: String?, pattern: QueryPattern?
    ) {
        let token = current
        switch token.kind {
        case .variable(let name):
            advance()
            if current.isSymbol(":") {
                advance()
                return (.literal(.string(name)), name, try parsePattern())
            }
            return (.literal(.string(name)), name, nil)
        case .identifier(let name):
            advance()
            try expect(":")
            return (.literal(.string(name)), nil, try parsePattern())
        case .string:
            let key = try parseString(format: "text")
            try expect(":")
            return (key, nil, try parsePattern())
        case .symbol("("):
            advance()
            let key = try parsePipe()
            try expect(")")
            try expect(":")
            return (key, nil, try parsePattern())
        default:
            throw unexpected(token, expecting: "an object pattern key")
        }
    }

    /// A string literal at `current`; interpolations are parsed as filters, formatted with `format`.
    mutating func parseString(format: String) throws(QueryError) -> QueryNode {
        guard case .string(let lexed) = current.kind else { throw unexpected(current, expecting: "a string") }
        advance()
        if lexed.count == 1, case .text(let text) = lexed[0], format == "text" { return .literal(.string(text)) }
        var parts: [QueryStringPart] = []
        for part in lexed {
            switch part {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let tokens):
                if depth + 1 > Self.maximumDepth {
                    throw error("query nested too deeply (more than \(Self.maximumDepth) levels)", at: current)
                }
                parts.append(.filter(try Self.parse(tokens: tokens, expression: expression, depth: depth + 1)))
            }
        }
        return .interpolation(parts, format: format)
    }
}
