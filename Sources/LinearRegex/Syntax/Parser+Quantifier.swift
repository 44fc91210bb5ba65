extension Parser {
    /// `* + ? {n} {n,} {n,m}` and their lazy forms after an atom, or nil when none follows.
    mutating func parseQuantifier(on atom: Node) throws(PatternError) -> Node? {
        guard let next = peek else { return nil }
        let start = position
        let bounds: (min: Int, max: Int?)
        switch next {
        case ascii("*"): bounds = (0, nil)
        case ascii("+"): bounds = (1, nil)
        case ascii("?"): bounds = (0, 1)
        case ascii("{"):
            guard let braces = try parseBraces() else { return nil }
            bounds = braces
        default: return nil
        }
        if next != ascii("{") { position += 1 }
        var greedy = true
        if peek == ascii("?") {
            greedy = false
            position += 1
        }
        if let max = bounds.max, max < bounds.min {
            throw PatternError(.syntax, "numbers out of order in {} quantifier", at: start)
        }
        return .repetition(atom, min: bounds.min, max: bounds.max, greedy: greedy)
    }

    /// Whether the text at the current position is a `{n}`, `{n,}` or `{n,m}` quantifier.
    func braceQuantifierAhead() -> Bool {
        var copy = self
        return (try? copy.parseBraces()) != nil
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` and returns its bounds, or returns nil (consuming nothing) when the text is not
    /// one, so that `{` is a literal.
    private mutating func parseBraces() throws(PatternError) -> (min: Int, max: Int?)? {
        let start = position
        position += 1
        guard let min = parseCount() else {
            position = start
            return nil
        }
        var max: Int? = min
        if peek == ascii(",") {
            position += 1
            max = parseCount()
        }
        guard peek == ascii("}") else {
            position = start
            return nil
        }
        position += 1
        if min > Parser.maximumRepetition || (max ?? 0) > Parser.maximumRepetition {
            throw PatternError(.tooLarge, "repetition count above \(Parser.maximumRepetition)", at: start)
        }
        return (min, max)
    }

    /// Decimal digits, or nil when there are none; any count above `maximumRepetition` reads as one more than it.
    private mutating func parseCount() -> Int? {
        var value = 0
        var digits = 0
        while let next = peek, next &- ascii("0") < 10 {
            if value <= Parser.maximumRepetition { value = value * 10 + Int(next - ascii("0")) }
            digits += 1
            position += 1
        }
        guard digits > 0 else { return nil }
        return Swift.min(value, Parser.maximumRepetition + 1)
    }
}
