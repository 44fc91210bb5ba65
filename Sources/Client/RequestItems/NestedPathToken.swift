/// One token of a nested path: a bracket, a number or a piece of text.
struct NestedPathToken {
    enum Kind: Equatable {
        case text, number, leftBracket, rightBracket

        var name: String {
            switch self {
            case .text: "a key"
            case .number: "an index"
            case .leftBracket: "'['"
            case .rightBracket: "']'"
            }
        }
    }

    let kind: Kind
    let text: String
    /// Columns of the item the token was written at.
    let span: Range<Int>

    /// Splits a key into brackets and the text between them, as HTTPie does: `\[`, `\]`, `\\` are literal
    /// characters; text made only of digits (with an optional sign) and no escapes is a number; `\` followed by
    /// digits is text, so `a[\5]` is the key "5"; other backslashes stay as written.
    static func tokenize(_ characters: [Unicode.Scalar], columns: [Range<Int>]) -> [NestedPathToken] {
        var tokens: [NestedPathToken] = []
        var buffer = ""
        var bufferStart: Int?
        var bufferEnd = 0
        var escapes = 0

        func flush() {
            guard let start = bufferStart else { return }
            var kind = Kind.text
            var text = buffer
            if escapes == 0 {
                if isInteger(buffer) {
                    kind = .number
                } else if buffer.first == "\\", isInteger(String(buffer.dropFirst())) {
                    text = String(buffer.dropFirst())
                }
            }
            tokens.append(NestedPathToken(kind: kind, text: text, span: start..<bufferEnd))
            buffer = ""
            bufferStart = nil
            escapes = 0
        }

        func append(_ character: Unicode.Scalar, from: Int, to: Int) {
            if bufferStart == nil { bufferStart = from }
            buffer.unicodeScalars.append(character)
            bufferEnd = to
        }

        var position = 0
        while position < characters.count {
            let character = characters[position]
            let span = columns[position]
            if character == "[" || character == "]" {
                flush()
                tokens.append(
                    NestedPathToken(
                        kind: character == "[" ? .leftBracket : .rightBracket, text: String(character), span: span))
            } else if character == "\\", position + 1 < characters.count {
                let next = characters[position + 1]
                if next == "[" || next == "]" || next == "\\" {
                    escapes += 1
                } else {
                    append("\\", from: span.lowerBound, to: span.upperBound)
                }
                append(next, from: span.lowerBound, to: columns[position + 1].upperBound)
                position += 1
            } else {
                append(character, from: span.lowerBound, to: span.upperBound)
            }
            position += 1
        }
        flush()
        return tokens
    }

    private static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
