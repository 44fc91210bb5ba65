/// Splits a query into tokens. Never throws: text that is not valid jq becomes an `.invalid` token (and ends the
/// stream) so that the parser reports problems in source order, at the column where each one starts.
struct QueryLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var tokens: [QueryToken] = []
    /// Where a problem inside a token is, when that is not where the token starts (a bad escape in a string).
    private var problemColumn: Int?

    /// Inside `\\(...)`: stop after the `)` that closes the interpolation.
    private let stopsAtClosingParenthesis: Bool
    private var invalid = false
    private var closed = false

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
        stopsAtClosingParenthesis = false
    }

    private init(scalars: [Unicode.Scalar], position: Int, stopsAtClosingParenthesis: Bool) {
        self.scalars = scalars
        self.position = position
        self.stopsAtClosingParenthesis = stopsAtClosingParenthesis
    }

    static func tokenize(_ expression: String) -> [QueryToken] {
        var lexer = QueryLexer(expression)
        lexer.run()
        return lexer.tokens
    }

    private static let symbols: [String] = [
        "?//=", "?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "//",
        "|", ",", "(", ")", "[", "]", "{", "}", ":", ";", "?", "<", ">", "+", "-", "*", "/", "%", "=",
    ]

    private mutating func run() {
        var parenthesisDepth = 0
        while true {
            skipSpaceAndComments()
            let start = position
            guard let scalar = peek() else {
                tokens.append(QueryToken(kind: .end, column: start))
                return
            }
            if stopsAtClosingParenthesis {
                if scalar == "(" { parenthesisDepth += 1 }
                if scalar == ")" {
                    if parenthesisDepth == 0 {
                        position += 1
                        closed = true
                        tokens.append(QueryToken(kind: .end, column: start))
                        return
                    }
                    parenthesisDepth -= 1
                }
            }
            problemColumn = nil
            let kind = nextKind(scalar)
            tokens.append(QueryToken(kind: kind, column: problemColumn ?? start))
            if case .invalid = kind {
                tokens.append(QueryToken(kind: .end, column: scalars.count))
                invalid = true
                return
            }
        }
    }

    private mutating func nextKind(_ scalar: Unicode.Scalar) -> QueryToken.Kind {
        if scalar == "." {
            if peek(1) == "." {
                position += 2
                return .dotDot
            }
            if let next = peek(1), next.isDigit { return lexNumber() }
            if let next = peek(1), next.isIdentifierStart {
                position += 1
                return .field(lexName())
            }
            position += 1
            return .dot
        }
        if scalar.isDigit { return lexNumber() }
        if scalar.isIdentifierStart {
            var name = lexName()
            while peek() == ":", peek(1) == ":", let next = peek(2), next.isIdentifierStart {
                position += 2
                name += "::" + lexName()
            }
            return .identifier(name)
        }
        if scalar == "\"" { return lexString() }
        if scalar == "$" {
            position += 1
            guard peek()?.isIdentifierStart == true else { return .invalid("expected a variable name after '$'") }
            var name = lexName()
            while peek() == ":", peek(1) == ":", let next = peek(2), next.isIdentifierStart {
                position += 2
                name += "::" + lexName()
            }
            return .variable(name)
        }
        if scalar == "@" {
            position += 1
            guard peek()?.isIdentifierStart == true else { return .invalid("expected a format name after '@'") }
            return .format(lexName())
        }
        for symbol in Self.symbols where starts(with: symbol) {
            position += symbol.unicodeScalars.count
            return .symbol(symbol)
        }
        return .invalid("unexpected character '\(scalar)'")
    }

    private mutating func skipSpaceAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                position += 1
            } else if scalar == "#" {
                // jq 1.8: a backslash before the newline continues the comment on the next line.
                while let c = peek(), c != "\n" { position += c == "\\" && peek(1) != nil ? 2 : 1 }
            } else {
                return
            }
        }
    }

    /// `[A-Za-z_][A-Za-z_0-9]*`
    private mutating func lexName() -> String {
        var name = String.UnicodeScalarView()
        while let scalar = peek(), scalar.isIdentifierStart || scalar.isDigit {
            name.append(scalar)
            position += 1
        }
        return String(name)
    }

    /// jq's number syntax: `([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`
    private mutating func lexNumber() -> QueryToken.Kind {
        var text = String.UnicodeScalarView()
        func digits(_ lexer: inout QueryLexer) {
            while let scalar = lexer.peek(), scalar.isDigit {
                text.append(scalar)
                lexer.position += 1
            }
        }
        digits(&self)
        if peek() == "." {
            text.append(".")
            position += 1
            digits(&self)
        }
        if let e = peek(), e == "e" || e == "E" {
            var lookahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" { lookahead = 2 }
            if let digit = peek(lookahead), digit.isDigit {
                for _ in 0..<lookahead {
                    text.append(scalars[position])
                    position += 1
                }
                digits(&self)
            }
        }
        return .number(String(text))
    }

    private mutating func lexString() -> QueryToken.Kind {
        position += 1  // opening quote
        var value = String.UnicodeScalarView()
        var parts: [QueryLexedPart] = []
        while let scalar = peek() {
            if scalar == "\"" {
                position += 1
                if !value.isEmpty || parts.isEmpty { parts.append(.text(String(value))) }
                return .string(parts)
            }
            guard scalar == "\\" else {
                value.append(scalar)
                position += 1
                continue
            }
            let escapeStart = position
            guard let escaped = peek(1) else { break }
            position += 2
            switch escaped {
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "/": value.append("/")
            case "b": value.append("\u{08}")
            case "f": value.append("\u{0C}")
            case "n": value.append("\n")
            case "r": value.append("\r")
            case "t": value.append("\t")
            case "u":
                guard let unit = lexHexUnit() else {
                    problemColumn = escapeStart
                    return .invalid("invalid \\u escape in string literal")
                }
                value.append(decodeUTF16(unit))
            case "(":
                if !value.isEmpty { parts.append(.text(String(value))) }
                value = String.UnicodeScalarView()
                var inner = QueryLexer(scalars: scalars, position: position, stopsAtClosingParenthesis: true)
                inner.run()
                if inner.invalid, let bad = inner.tokens.dropLast().last {
                    problemColumn = bad.column
                    return bad.kind
                }
                guard inner.closed else {
                    problemColumn = escapeStart
                    return .invalid("unterminated string interpolation")
                }
                parts.append(.interpolation(inner.tokens))
                position = inner.position
            default:
                problemColumn = escapeStart
                return .invalid("invalid escape '\\\(escaped)' in string literal")
            }
        }
        return .invalid("unterminated string literal")
    }

    /// Four hex digits after `\u`.
    private mutating func lexHexUnit() -> UInt16? {
        guard position + 4 <= scalars.count else { return nil }
        var unit: UInt16 = 0
        for scalar in scalars[position..<position + 4] {
            guard let digit = scalar.hexDigitValue else { return nil }
            unit = unit << 4 | UInt16(digit)
        }
        position += 4
        return unit
    }

    /// A `\u` escape, joining a surrogate pair when a low surrogate escape follows; a lone surrogate becomes U+FFFD.
    private mutating func decodeUTF16(_ unit: UInt16) -> Unicode.Scalar {
        if UTF16.isLeadSurrogate(unit), peek() == "\\", peek(1) == "u" {
            let saved = position
            position += 2
            if let low = lexHexUnit(), UTF16.isTrailSurrogate(low) {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            position = saved
        }
        return Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}"
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }
}

extension Unicode.Scalar {
    fileprivate var isDigit: Bool { ("0"..."9").contains(self) }

    fileprivate var isIdentifierStart: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" }

    fileprivate var hexDigitValue: Int? {
        switch self {
        case "0"..."9": Int(value - 48)
        case "a"..."f": Int(value - 97 + 10)
        case "A"..."F": Int(value - 65 + 10)
        default: nil
        }
    }
}
