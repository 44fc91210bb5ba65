/// Parses JavaScript RegExp syntax (as `new RegExp(source, flags)` reads it without the `u` flag) into a `Node`.
///
/// Refused: back-references and look-around (no linear-time algorithm matches them), Unicode property escapes and
/// legacy octal escapes. A `{` that does not start a valid quantifier is a literal, as in JavaScript.
struct Parser {
    static let maximumDepth = 250
    static let maximumRepetition = 1000
    static let maximumCaptureCount = 1000

    let scalars: [UInt32]
    var position = 0
    let options: PatternOptions
    private(set) var captureNames: [String?] = [nil]
    private var depth = 0

    init(_ pattern: String, options: PatternOptions) {
        self.scalars = pattern.unicodeScalars.map(\.value)
        self.options = options
    }

    var captureCount: Int { captureNames.count - 1 }

    mutating func parse() throws(PatternError) -> Node {
        let node = try parseAlternation()
        if position < scalars.count {
            throw PatternError(.syntax, "unmatched ')'", at: position)
        }
        return node
    }

    var peek: UInt32? { position < scalars.count ? scalars[position] : nil }

    func peek(at offset: Int) -> UInt32? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func parseAlternation() throws(PatternError) -> Node {
        var alternatives = [try parseConcatenation()]
        while peek == ascii("|") {
            position += 1
            alternatives.append(try parseConcatenation())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseConcatenation() throws(PatternError) -> Node {
        var nodes: [Node] = []
        while true {
            skipExtendedWhiteSpace()
            guard let next = peek, next != ascii("|"), next != ascii(")") else { break }
            let start = position
            let (atom, quantifiable) = try parseAtom()
            skipExtendedWhiteSpace()
            if let quantified = try parseQuantifier(on: atom) {
                if !quantifiable { throw PatternError(.syntax, "nothing to repeat", at: start) }
                skipExtendedWhiteSpace()
                if let next = peek,
                    next == ascii("*") || next == ascii("+") || next == ascii("?")
                        || (next == ascii("{") && braceQuantifierAhead())
                {
                    throw PatternError(.syntax, "nothing to repeat", at: position)
                }
                nodes.append(quantified)
            } else {
                nodes.append(atom)
            }
        }
        switch nodes.count {
        case 0: return .empty
        case 1: return nodes[0]
        default: return .concatenation(nodes)
        }
    }

    /// Skips white space and `#` comments when the `x` flag is set.
    private mutating func skipExtendedWhiteSpace() {
        guard options.contains(.extended) else { return }
        while let next = peek {
            if ScalarClasses.isPatternWhiteSpace(next) {
                position += 1
            } else if next == ascii("#") {
                while let next = peek, next != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    /// An atom, and whether a quantifier may follow it (assertions take none).
    private mutating func parseAtom() throws(PatternError) -> (Node, Bool) {
        let start = position
        let next = scalars[position]
        switch next {
        case ascii("^"):
            position += 1
            return (.assertion(options.contains(.multiline) ? .lineStart : .textStart), false)
        case ascii("$"):
            position += 1
            return (.assertion(options.contains(.multiline) ? .lineEnd : .textEnd), false)
        case ascii("."):
            position += 1
            return (options.contains(.dotMatchesLineTerminators) ? .any : .anyExceptLineTerminator, true)
        case ascii("("):
            return (try parseGroup(), true)
        case ascii("["):
            return (try parseClass(), true)
        case ascii("\\"):
            return try parseEscape()
        case ascii("*"), ascii("+"), ascii("?"):
            throw PatternError(.syntax, "nothing to repeat", at: start)
        case ascii("{") where braceQuantifierAhead():
            throw PatternError(.syntax, "nothing to repeat", at: start)
        default:
            position += 1
            return (literal(next), true)
        }
    }

    /// A literal scalar, folded when the `i` flag is set and case can matter.
    func literal(_ value: UInt32) -> Node {
        guard options.contains(.caseInsensitive) else { return .scalar(value) }
        if value < 0x80 && (value | 0x20) &- ascii("a") >= 26 { return .scalar(value) }
        return .foldedScalar(CaseFolding.fold(value))
    }

    private mutating func parseGroup() throws(PatternError) -> Node {
        let open = position
        position += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth {
            throw PatternError(.tooLarge, "groups nested deeper than \(Parser.maximumDepth)", at: open)
        }
        var captureIndex: Int?
        if peek == ascii("?") {
            switch peek(at: 1) {
            case ascii(":"):
                position += 2
            case ascii("="), ascii("!"):
                throw PatternError(.unsupported, "look-ahead is not supported (not linear-time)", at: open)
            case ascii("<") where peek(at: 2) == ascii("=") || peek(at: 2) == ascii("!"):
                throw PatternError(.unsupported, "look-behind is not supported (not linear-time)", at: open)
            case ascii("<"):
                position += 2
                captureIndex = try addCapture(named: try parseGroupName(), at: open)
            default:
                throw PatternError(.syntax, "invalid group", at: open)
            }
        } else {
            captureIndex = try addCapture(named: nil, at: open)
        }
        let inner = try parseAlternation()
        guard peek == ascii(")") else { throw PatternError(.syntax, "missing ')'", at: open) }
        position += 1
        if let captureIndex { return .capture(inner, index: captureIndex) }
        return inner
    }

    private mutating func addCapture(named name: String?, at offset: Int) throws(PatternError) -> Int {
        if let name, captureNames.contains(name) {
            throw PatternError(.syntax, "duplicate group name '\(name)'", at: offset)
        }
        guard captureCount < Parser.maximumCaptureCount else {
            throw PatternError(.tooLarge, "more than \(Parser.maximumCaptureCount) capture groups", at: offset)
        }
        captureNames.append(name)
        return captureCount
    }

    /// `name>` after `(?<` (or `\k<`): a JavaScript identifier.
    mutating func parseGroupName() throws(PatternError) -> String {
        let start = position
        var name = String.UnicodeScalarView()
        while let next = peek, next != ascii(">") {
            guard let scalar = Unicode.Scalar(next), isIdentifier(scalar, first: name.isEmpty) else {
                throw PatternError(.syntax, "invalid group name", at: start)
            }
            name.append(scalar)
            position += 1
        }
        guard peek == ascii(">"), !name.isEmpty else { throw PatternError(.syntax, "invalid group name", at: start) }
        position += 1
        return String(name)
    }

    private func isIdentifier(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
        let value = scalar.value
        if value == ascii("_") || value == ascii("$") || (value | 0x20) &- ascii("a") < 26 { return true }
        if value &- ascii("0") < 10 { return !first }
        return value >= 0x80 && (scalar.properties.isAlphabetic || (!first && scalar.properties.numericType != nil))
    }
}

/// The value of an ASCII scalar, for readable comparisons.
@inline(__always)
func ascii(_ character: Unicode.Scalar) -> UInt32 { character.value }
