extension JSONStreamFormatter.NumberState {
    /// What is wrong when the number ends in this state, or nil when it may end here.
    var problemIfEnded: JSONSyntaxProblem? {
        switch self {
        case .zero, .integer, .fraction, .exponent: nil
        case .minus: .missingDigitAfterMinus
        case .point: .missingDigitAfterPoint
        case .exponentMark, .exponentSign: .missingDigitInExponent
        }
    }
}

extension JSONStreamFormatter {
    /// Copies number bytes while they fit the grammar; the first byte that doesn't ends the number (and is
    /// handled by the caller's next step).
    @inline(__always)
    mutating func scanNumber(
        _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, into stage: inout OutputStage
    ) throws(JSONParseError) -> Int {
        var index = start
        var state = numberState
        scan: while index < count {
            let byte = bytes[index]
            let isDigit = ASCII.isDigit(byte)
            switch state {
            case .integer, .fraction, .exponent:
                if isDigit {
                    index &+= 1
                    continue scan
                }
                if state == .integer, byte == ASCII.period {
                    state = .point
                } else if state != .exponent, byte == ASCII.lowerE || byte == ASCII.upperE {
                    state = .exponentMark
                } else {
                    break scan
                }
            case .zero:
                if isDigit { throw error(.leadingZero, at: consumed + index - 1) }
                if byte == ASCII.period {
                    state = .point
                } else if byte == ASCII.lowerE || byte == ASCII.upperE {
                    state = .exponentMark
                } else {
                    break scan
                }
            case .minus:
                guard isDigit else { throw error(.missingDigitAfterMinus, at: consumed + index) }
                state = byte == ASCII.zero ? .zero : .integer
            case .point:
                guard isDigit else { throw error(.missingDigitAfterPoint, at: consumed + index) }
                state = .fraction
            case .exponentMark:
                if byte == ASCII.plus || byte == ASCII.minus {
                    state = .exponentSign
                } else {
                    guard isDigit else { throw error(.missingDigitInExponent, at: consumed + index) }
                    state = .exponent
                }
            case .exponentSign:
                guard isDigit else { throw error(.missingDigitInExponent, at: consumed + index) }
                state = .exponent
            }
            index &+= 1
        }
        numberState = state
        stage.write(bytes + start, count: index - start)
        if index < count {
            // A byte outside the number ends it; it may end only in an accepting state.
            if let problem = state.problemIfEnded { throw error(problem, at: consumed + index) }
            endNumber(into: &stage)
        }
        return index
    }

    @inline(__always)
    mutating func endNumber(into stage: inout OutputStage) {
        pieces.write(pieces.numberClose, into: &stage)
        valueEnded(isScalar: true, into: &stage)
    }

    /// Matches the rest of `true`, `false` or `null`; a mismatch is reported at the literal's start.
    mutating func scanLiteral(
        _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, into stage: inout OutputStage
    ) throws(JSONParseError) -> Int {
        var index = start
        let expected = literal.utf8Start
        let length = literal.utf8CodeUnitCount
        while index < count, literalMatched < length {
            guard bytes[index] == expected[literalMatched] else {
                throw error(.invalidLiteral(expected: literal), at: tokenStart)
            }
            literalMatched += 1
            index += 1
        }
        if literalMatched == length {
            let piece =
                length == 5
                ? pieces.falseLiteral : expected[0] == ASCII.lowerT ? pieces.trueLiteral : pieces.nullLiteral
            pieces.write(piece, into: &stage)
            valueEnded(isScalar: true, into: &stage)
        }
        return index
    }
}
