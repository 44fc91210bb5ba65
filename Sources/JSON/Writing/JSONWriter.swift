/// Serializes a `JSONValue` as UTF-8 bytes: compact, or pretty with a 2-space indent like `jq .` and
/// `JSON.stringify(v, null, 2)`, optionally with ANSI colors.
///
/// Strings escape `"`, `\` and control characters (`\n`, `\t`, ... or `\u00xx`); `/` and non-ASCII characters are
/// written as is unless `escapeNonASCII` asks for `\uXXXX` (surrogate pairs above U+FFFF). Object keys keep their
/// order unless `sortKeys` orders them by their UTF-8 bytes (Unicode code point order), at every level.
public struct JSONWriter: Sendable {
    public enum Layout: Sendable, Equatable {
        case compact
        case pretty
    }

    public let layout: Layout
    public let indent: Int
    public let colors: JSONColors?
    public let sortKeys: Bool
    public let escapeNonASCII: Bool
    let pieces: FormatPieces

    /// Bytes are staged in a raw buffer and moved to the caller's array whenever this many have piled up.
    private static let flushThreshold = 1 << 16

    public init(
        layout: Layout = .compact, indent: Int = 2, colors: JSONColors? = nil, sortKeys: Bool = false,
        escapeNonASCII: Bool = false
    ) {
        self.layout = layout
        self.indent = indent
        self.colors = colors
        self.sortKeys = sortKeys
        self.escapeNonASCII = escapeNonASCII
        self.pieces = Self.sharedPieces(layout, indent, colors)
    }

    /// The pieces of the usual layouts are built once: a writer is made for each value `--query` prints.
    private static let usualPieces: [FormatPieces] = [
        FormatPieces(pretty: false, indent: 2, colors: nil, indentLevels: 32),
        FormatPieces(pretty: true, indent: 2, colors: nil, indentLevels: 32),
        FormatPieces(pretty: false, indent: 2, colors: .standard, indentLevels: 32),
        FormatPieces(pretty: true, indent: 2, colors: .standard, indentLevels: 32),
    ]

    private static func sharedPieces(_ layout: Layout, _ indent: Int, _ colors: JSONColors?) -> FormatPieces {
        if indent == 2, colors == nil || colors == .standard {
            return usualPieces[(layout == .pretty ? 1 : 0) + (colors == nil ? 0 : 2)]
        }
        return FormatPieces(pretty: layout == .pretty, indent: indent, colors: colors, indentLevels: 32)
    }

    /// Appends the serialized value to `out` (no trailing newline).
    public func write(_ value: JSONValue, into out: inout [UInt8]) {
        var stage = OutputStage(capacity: 4096)
        defer { stage.deallocate() }
        writeValue(value, depth: 0, into: &stage, flushingTo: &out)
        stage.flush(into: &out)
    }

    /// The serialized value as bytes.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// The serialized value as a string.
    public func string(_ value: JSONValue) -> String { String(decoding: bytes(value), as: UTF8.self) }

    static let compact = JSONWriter()
    static let pretty = JSONWriter(layout: .pretty)

    // MARK: - Values

    private func writeValue(
        _ value: JSONValue, depth: Int, into stage: inout OutputStage, flushingTo out: inout [UInt8]
    ) {
        switch value {
        case .null: pieces.write(pieces.nullLiteral, into: &stage)
        case .bool(let flag): pieces.write(flag ? pieces.trueLiteral : pieces.falseLiteral, into: &stage)
        case .number(let number) where number.isNaN:
            pieces.write(pieces.nullLiteral, into: &stage)
        case .number(let number):
            pieces.write(pieces.numberOpen, into: &stage)
            var literal = number.printedLiteral
            literal.withUTF8 { utf8 in if let base = utf8.baseAddress { stage.write(base, count: utf8.count) } }
            pieces.write(pieces.numberClose, into: &stage)
        case .string(let string):
            writeString(string, open: pieces.stringOpen, close: pieces.stringClose, into: &stage)
        case .array(let elements):
            guard !elements.isEmpty else { return pieces.write(pieces.emptyArray, into: &stage) }
            var opening = pieces.openArrayNewline
            for element in elements {
                pieces.writeWithNewline(opening, depth: depth + 1, into: &stage)
                opening = pieces.commaNewline
                writeValue(element, depth: depth + 1, into: &stage, flushingTo: &out)
                if stage.count >= Self.flushThreshold { stage.flush(into: &out) }
            }
            pieces.writeNewline(depth: depth, into: &stage)
            pieces.write(pieces.closeArray, into: &stage)
        case .object(let members):
            guard !members.isEmpty else { return pieces.write(pieces.emptyObject, into: &stage) }
            var opening = pieces.openObjectNewline
            func writeMember(_ key: String, _ value: JSONValue) {
                pieces.writeWithNewline(opening, depth: depth + 1, into: &stage)
                opening = pieces.commaNewline
                writeString(key, open: pieces.keyOpen, close: pieces.keyClose, into: &stage)
                pieces.write(pieces.colon, into: &stage)
                writeValue(value, depth: depth + 1, into: &stage, flushingTo: &out)
                if stage.count >= Self.flushThreshold { stage.flush(into: &out) }
            }
            if sortKeys {
                for key in members.keys.sorted() {
                    writeMember(key.string, members[key]!)
                }
            } else {
                for (key, value) in members { writeMember(key.string, value) }
            }
            pieces.writeNewline(depth: depth, into: &stage)
            pieces.write(pieces.closeObject, into: &stage)
        }
    }

    private func writeString(
        _ string: String, open: FormatPieces.Piece, close: FormatPieces.Piece, into stage: inout OutputStage
    ) {
        pieces.write(open, into: &stage)
        var string = string
        string.withUTF8 { utf8 in JSONStringEscaper.write(utf8, asciiOnly: escapeNonASCII, into: &stage) }
        pieces.write(close, into: &stage)
    }
}
