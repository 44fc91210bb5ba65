extension Parser {
    /// `[...]` or `[^...]`; `[]` matches nothing and `[^]` any scalar, as in JavaScript.
    mutating func parseClass() throws(PatternError) -> Node {
        let open = position
        position += 1
        var negated = false
        if peek == ascii("^") {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        while true {
            guard let next = peek else { throw PatternError(.syntax, "missing ']'", at: open) }
            if next == ascii("]") { break }
            let start = position
            let first = try parseClassAtom()
            if peek == ascii("-"), let after = peek(at: 1), after != ascii("]") {
                position += 1
                let last = try parseClassAtom()
                guard case .scalar(let low) = first, case .scalar(let high) = last else {
                    throw PatternError(.syntax, "a class such as \\d cannot end a range", at: start)
                }
                guard low <= high else { throw PatternError(.syntax, "range out of order in class", at: start) }
                ranges.append(low...high)
                continue
            }
            switch first {
            case .scalar(let value): ranges.append(value...value)
            case .set(let set): ranges += set.negated ? ScalarSet.complement(of: set.ranges) : set.ranges
            }
        }
        position += 1
        let set = ScalarSet(ranges, negated: negated)
        if options.contains(.caseInsensitive) { return .set(set.closedUnderFolding(), folded: true) }
        return .set(set, folded: false)
    }

    private mutating func parseClassAtom() throws(PatternError) -> Escaped {
        let next = scalars[position]
        guard next == ascii("\\") else {
            position += 1
            return .scalar(next)
        }
        switch peek(at: 1) {
        case ascii("b"):
            position += 2
            return .scalar(0x08)
        default:
            return try parseCommonEscape(inClass: true)
        }
    }
}
