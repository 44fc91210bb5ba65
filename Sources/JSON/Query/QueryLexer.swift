/// Splits a query into tokens. Never throws: text that is not valid jq becomes an `.invalid` token (and ends the
/// stream) so that the parser reports problems in source order, at the column where each one starts.
struct QueryLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var tokens: [QueryToken] = []
    /// Where a problem inside a token is, when that is not where the token starts (a bad escape in a string).
    private var problemColumn: Int?

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
    }

    static func tokenize(_ expression: String) -> [QueryToken] {
        var lexer = QueryLexer(expression)
        lexer.run()
        return lexer.tokens
    }

    private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "//"]
    private static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "|", ",", "(", ")", "[", "]", "{", "}", ":", ";", "?", "<", ">", "+", "-", "*", "/", "%",
    ]
    private static let assignments = ["//=", "|=", "+=", "-=", "*=", "/=", "%="]

    private mutating func run() {
        while true {
            skipSpaceAndComments()
            let start = position
            guard let scalar = peek() else {
                tokens.append(QueryToken(kind: .end, column: start))
                return
            }
            problemColumn = nil
            let kind = nextKind(scalar)
            tokens.append(QueryToken(kind: kind, column: problemColumn ?? start))
            if case .invalid = kind {
                tokens.append(QueryToken(kind: .end, column: scalars.count))
                return
            }
        }
    }

    private mutating func nextKind(_ scalar: Unicode.Scalar) -> QueryToken.Kind {
        if scalar == "." {
            if peek(1) == "." {
                position += 2
                return .unsupported("'..' (recursive descent)")
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
            let name = lexName()
            if peek() == ":", peek(1) == ":" {
                return .unsupported("modules ('\(name)::...')")
            }
            return .identifier(name)
        }
        if scalar == "\"" { return lexString() }
        if scalar == "$" {
            position += 1
            let name = peek()?.isIdentifierStart == true ? lexName() : ""
            return .unsupported("variables ('$\(name)')")
        }
        if scalar == "@" {
            position += 1
            let name = peek()?.isIdentifierStart == true ? lexName() : ""
            return .unsupported("formats ('@\(name)')")
        }
        for assignment in Self.assignments where starts(with: assignment) {
            position += assignment.unicodeScalars.count
            return .unsupported("update-assignment '\(assignment)'")
        }
        if let pair = peek(1).map({ String(scalar) + String($0) }), Self.twoCharacterSymbols.contains(pair) {
            position += 2
            return .symbol(pair)
        }
        if scalar == "=" {
            position += 1
            return .unsupported("assignment '='")
        }
        if Self.oneCharacterSymbols.contains(scalar) {
            position += 1
            return .symbol(String(scalar))
        }
        return .invalid("unexpected character '\(scalar)'")
    }

    private mutating func skipSpaceAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                position += 1
            } else if scalar == "#" {
                while let c = peek(), c != "\n" { position += 1 }
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
        while let scalar = peek() {
            if scalar == "\"" {
                position += 1
                return .string(String(value))
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
                problemColumn = escapeStart
                return .unsupported("string interpolation '\\(...)'")
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
