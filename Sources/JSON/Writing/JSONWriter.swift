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

    public init(
        layout: Layout = .compact, indent: Int = 2, colors: JSONColors? = nil, sortKeys: Bool = false,
        escapeNonASCII: Bool = false
    ) {
        self.layout = layout
        self.indent = indent
        self.colors = colors
        self.sortKeys = sortKeys
        self.escapeNonASCII = escapeNonASCII
        self.pieces = FormatPieces(pretty: layout == .pretty, indent: indent, colors: colors, indentLevels: 32)
    }

    /// Appends the serialized value to `out` (no trailing newline).
    public func write(_ value: JSONValue, into out: inout [UInt8]) {
        writeValue(value, depth: 0, into: &out)
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

    private func writeValue(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .null: append(pieces.nullLiteral, to: &out)
        case .bool(let flag): append(flag ? pieces.trueLiteral : pieces.falseLiteral, to: &out)
        case .number(let number):
            append(pieces.numberOpen, to: &out)
            out.append(contentsOf: number.literal.utf8)
            append(pieces.numberClose, to: &out)
        case .string(let string): writeString(string, open: pieces.stringOpen, close: pieces.stringClose, into: &out)
        case .array(let elements): writeArray(elements, depth: depth, into: &out)
        case .object(let members): writeObject(members, depth: depth, into: &out)
        }
    }

    private func writeArray(_ elements: [JSONValue], depth: Int, into out: inout [UInt8]) {
        guard !elements.isEmpty else { return append(pieces.emptyArray, to: &out) }
        append(pieces.openArray, to: &out)
        for (position, element) in elements.enumerated() {
            if position > 0 { append(pieces.comma, to: &out) }
            writeNewline(depth: depth + 1, into: &out)
            writeValue(element, depth: depth + 1, into: &out)
        }
        writeNewline(depth: depth, into: &out)
        append(pieces.closeArray, to: &out)
    }

    private func writeObject(_ members: JSONObject, depth: Int, into out: inout [UInt8]) {
        guard !members.isEmpty else { return append(pieces.emptyObject, to: &out) }
        append(pieces.openObject, to: &out)
        func writeMember(_ key: String, _ value: JSONValue, first: Bool) {
            if !first { append(pieces.comma, to: &out) }
            writeNewline(depth: depth + 1, into: &out)
            writeString(key, open: pieces.keyOpen, close: pieces.keyClose, into: &out)
            append(pieces.colon, to: &out)
            writeValue(value, depth: depth + 1, into: &out)
        }
        if sortKeys {
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() { writeMember(key, members[key]!, first: position == 0) }
        } else {
            for (position, member) in members.enumerated() {
                writeMember(member.key, member.value, first: position == 0)
            }
        }
        writeNewline(depth: depth, into: &out)
        append(pieces.closeObject, to: &out)
    }

    // MARK: - Bytes

    @inline(__always)
    private func append(_ piece: FormatPieces.Piece, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: pieces.base + piece.start, count: piece.count))
    }

    /// A line break and the indent for `depth` (nothing in the compact layout).
    @inline(__always)
    private func writeNewline(depth: Int, into out: inout [UInt8]) {
        guard pieces.pretty else { return }
        if depth <= pieces.indentLevels {
            out.append(
                contentsOf: UnsafeBufferPointer(
                    start: pieces.base + pieces.newline.start,
                    count: pieces.newlineCount(depth: depth)))
        } else {
            append(pieces.newline, to: &out)
            out.append(contentsOf: repeatElement(ASCII.space, count: (depth - pieces.indentLevels) * pieces.indent))
        }
    }

    private func writeString(
        _ string: String, open: FormatPieces.Piece, close: FormatPieces.Piece, into out: inout [UInt8]
    ) {
        append(open, to: &out)
        var string = string
        string.withUTF8 { utf8 in
            if escapeNonASCII {
                JSONStringEscaper.appendASCIIOnly(utf8, to: &out)
            } else {
                JSONStringEscaper.append(utf8, to: &out)
            }
        }
        append(close, to: &out)
    }
}
