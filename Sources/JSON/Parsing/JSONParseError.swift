/// Why a JSON text was rejected, and where.
///
/// `line` and `column` are 1-based; the column counts bytes (not characters) from the start of the line, so a
/// line holding `"é": x` reports the `x` at column 7. Only `\n` starts a new line (`\r\n` counts once).
/// `offset` is the 0-based byte offset from the start of the input (a skipped byte order mark included).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let offset: Int
    /// A lower-case message without location, e.g. `unexpected character '}'`.
    public let message: String

    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// The ways a JSON text can be wrong; the parser and the streaming formatter report the same problem at the same
/// offset for the same input.
enum JSONSyntaxProblem {
    case unexpectedEnd
    case unexpectedByte(UInt8)
    case trailingCharacters
    case tooDeep(maxDepth: Int)
    case unterminatedString
    case controlCharacterInString(UInt8)
    case invalidUTF8
    case invalidEscape(UInt8)
    case invalidUnicodeEscape
    case unpairedSurrogate
    case invalidLiteral(expected: StaticString)
    case leadingZero
    case missingDigitAfterMinus
    case missingDigitAfterPoint
    case missingDigitInExponent

    var message: String {
        switch self {
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedByte(let byte):
            Self.isPrintable(byte)
                ? "unexpected character '\(Self.character(byte))'" : "unexpected byte \(Self.hex(byte))"
        case .trailingCharacters: "trailing characters after the value"
        case .tooDeep(let maxDepth): "nesting deeper than \(maxDepth) levels"
        case .unterminatedString: "unterminated string"
        case .controlCharacterInString(let byte): "unescaped control character \(Self.hex(byte)) in string"
        case .invalidUTF8: "invalid UTF-8"
        case .invalidEscape(let byte):
            Self.isPrintable(byte)
                ? "invalid escape \\\(Self.character(byte))" : "invalid escape: byte \(Self.hex(byte)) after \\"
        case .invalidUnicodeEscape: "invalid \\u escape: expected 4 hex digits"
        case .unpairedSurrogate: "unpaired surrogate"
        case .invalidLiteral(let expected): "invalid literal, expected \(expected)"
        case .leadingZero: "invalid number: leading zeros are not allowed"
        case .missingDigitAfterMinus: "invalid number: expected a digit after '-'"
        case .missingDigitAfterPoint: "invalid number: expected a digit after '.'"
        case .missingDigitInExponent: "invalid number: expected a digit in the exponent"
        }
    }

    private static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    private static func character(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }

    private static func hex(_ byte: UInt8) -> String {
        "0x" + String(decoding: [ASCII.hexDigit(UInt32(byte) >> 4), ASCII.hexDigit(UInt32(byte))], as: UTF8.self)
    }
}
