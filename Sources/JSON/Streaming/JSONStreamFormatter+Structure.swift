extension JSONStreamFormatter {
    /// Skips whitespace, counting lines; whitespace also separates top-level values.
    @inline(__always)
    mutating func skipWhitespace(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = start
        while index < count {
            let byte = bytes[index]
            if byte == ASCII.space || byte == ASCII.tab || byte == ASCII.carriageReturn {
                index &+= 1
            } else if byte == ASCII.newline {
                index &+= 1
                line &+= 1
                lineStart = consumed &+ index
            } else {
                break
            }
        }
        if index != start { needsSeparator = false }
        return index
    }

    /// Handles a byte outside strings, numbers and literals (not whitespace); returns the next index.
    @inline(__always)
    mutating func structure(_ byte: UInt8, at index: Int, into stage: inout OutputStage) throws(JSONParseError)
        -> Int
    {
        switch phase {
        case .afterValue:
            if byte == ASCII.comma {
                pieces.writeWithNewline(pieces.commaNewline, depth: depth, into: &stage)
                phase = inObject ? .key : .value
                return index + 1
            }
            if byte == (inObject ? ASCII.closeBrace : ASCII.closeBracket) {
                let close = inObject ? pieces.closeObject : pieces.closeArray
                leaveContainer()
                pieces.writeNewline(depth: depth, into: &stage)
                pieces.write(close, into: &stage)
                valueEnded(isScalar: false, into: &stage)
                return index + 1
            }
            throw error(.unexpectedByte(byte), at: consumed + index)
        case .value:
            if needsSeparator { throw error(.unexpectedByte(byte), at: consumed + index) }
            return try beginValue(byte, at: index, into: &stage)
        case .arrayFirst:
            if byte == ASCII.closeBracket {
                leaveContainer()
                pieces.write(pieces.emptyArray, into: &stage)
                valueEnded(isScalar: false, into: &stage)
                return index + 1
            }
            pieces.writeWithNewline(pieces.openArrayNewline, depth: depth, into: &stage)
            return try beginValue(byte, at: index, into: &stage)
        case .objectFirst:
            if byte == ASCII.closeBrace {
                leaveContainer()
                pieces.write(pieces.emptyObject, into: &stage)
                valueEnded(isScalar: false, into: &stage)
                return index + 1
            }
            guard byte == ASCII.quote else { throw error(.unexpectedByte(byte), at: consumed + index) }
            pieces.writeWithNewline(pieces.openObjectNewline, depth: depth, into: &stage)
            return beginString(isKey: true, at: index, into: &stage)
        case .key:
            guard byte == ASCII.quote else { throw error(.unexpectedByte(byte), at: consumed + index) }
            return beginString(isKey: true, at: index, into: &stage)
        case .colon:
            guard byte == ASCII.colon else { throw error(.unexpectedByte(byte), at: consumed + index) }
            pieces.write(pieces.colon, into: &stage)
            phase = .value
            return index + 1
        default:
            preconditionFailure("structure() called in phase \(phase)")
        }
    }

    /// Starts the value whose first byte is `byte`.
    @inline(__always)
    private mutating func beginValue(_ byte: UInt8, at index: Int, into stage: inout OutputStage)
        throws(JSONParseError) -> Int
    {
        switch byte {
        case ASCII.quote:
            return beginString(isKey: false, at: index, into: &stage)
        case ASCII.openBracket, ASCII.openBrace:
            if depth >= maxDepth { throw error(.tooDeep(maxDepth: maxDepth), at: consumed + index) }
            depth += 1
            inObject = byte == ASCII.openBrace
            containerIsObject[depth] = inObject
            phase = inObject ? .objectFirst : .arrayFirst
            return index + 1
        case ASCII.minus, ASCII.zero...ASCII.nine:
            pieces.write(pieces.numberOpen, into: &stage)
            stage.write(byte)
            numberState = byte == ASCII.minus ? .minus : byte == ASCII.zero ? .zero : .integer
            tokenStart = consumed + index
            phase = .number
            return index + 1
        case ASCII.lowerT, ASCII.lowerF, ASCII.lowerN:
            literal = byte == ASCII.lowerT ? "true" : byte == ASCII.lowerF ? "false" : "null"
            literalMatched = 1
            tokenStart = consumed + index
            phase = .literal
            return index + 1
        default:
            throw error(.unexpectedByte(byte), at: consumed + index)
        }
    }

    @inline(__always)
    private mutating func beginString(isKey: Bool, at index: Int, into stage: inout OutputStage) -> Int {
        pieces.write(isKey ? pieces.keyOpen : pieces.stringOpen, into: &stage)
        stringIsKey = isKey
        tokenStart = consumed + index
        phase = .string
        return index + 1
    }

    /// Pops the innermost container.
    @inline(__always)
    private mutating func leaveContainer() {
        depth -= 1
        inObject = containerIsObject[depth]
    }

    /// After a complete value: a newline after a top-level one, else `,` or a closing bracket is due.
    @inline(__always)
    mutating func valueEnded(isScalar: Bool, into stage: inout OutputStage) {
        if depth == 0 {
            stage.write(ASCII.newline)
            needsSeparator = isScalar
            phase = .value
        } else {
            phase = .afterValue
        }
    }
}
