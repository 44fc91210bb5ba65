/// The byte strings written around and between values for one layout and palette, built once and shared by
/// `JSONWriter` and `JSONStreamFormatter` so both produce identical bytes.
///
/// Pretty layout: `{`, newline and indent, `"key": value`, `,` ..., newline and indent, `}`; empty containers are
/// `{}` and `[]`. Compact layout: no whitespace at all.
final class FormatPieces: @unchecked Sendable {  // Immutable after init.
    /// A byte range in `base`.
    struct Piece {
        let start: Int
        let count: Int
    }

    let base: UnsafeMutablePointer<UInt8>
    let pretty: Bool
    let indent: Int
    /// Depths whose newline-and-indent fits in `newline`; deeper levels add spaces in a loop.
    let indentLevels: Int

    let openObject: Piece
    let closeObject: Piece
    let emptyObject: Piece
    let openArray: Piece
    let closeArray: Piece
    let emptyArray: Piece
    let comma: Piece
    /// `:` plus a space in the pretty layout.
    let colon: Piece
    let trueLiteral: Piece
    let falseLiteral: Piece
    let nullLiteral: Piece
    /// Color and opening quote of a string value / of an object key.
    let stringOpen: Piece
    let keyOpen: Piece
    /// Closing quote and reset.
    let stringClose: Piece
    let keyClose: Piece
    let numberOpen: Piece
    let numberClose: Piece
    /// `\n` followed by `indentLevels * indent` spaces (empty in the compact layout).
    let newline: Piece
    /// `,` / `[` / `{` followed by the line break and the longest indent, so each is one copy (pretty layout).
    let commaNewline: Piece
    let openArrayNewline: Piece
    let openObjectNewline: Piece

    init(pretty: Bool, indent: Int, colors: JSONColors?, indentLevels: Int) {
        self.pretty = pretty
        self.indent = max(0, indent)
        self.indentLevels = indentLevels
        var bytes: [UInt8] = []
        func piece(_ parts: [UInt8]...) -> Piece {
            let start = bytes.count
            for part in parts { bytes.append(contentsOf: part) }
            return Piece(start: start, count: bytes.count - start)
        }
        let reset = Array((colors?.reset ?? "").utf8)
        func colored(_ color: String?, _ token: String) -> [UInt8] {
            guard let color, !color.isEmpty else { return Array(token.utf8) }
            return Array(color.utf8) + Array(token.utf8) + reset
        }
        func opening(_ color: String?) -> [UInt8] { Array((color ?? "").utf8) + [ASCII.quote] }
        func closing(_ color: String?) -> [UInt8] { [ASCII.quote] + ((color ?? "").isEmpty ? [] : reset) }
        let punctuation = colors?.punctuation
        openObject = piece(colored(punctuation, "{"))
        closeObject = piece(colored(punctuation, "}"))
        emptyObject = piece(colored(punctuation, "{}"))
        openArray = piece(colored(punctuation, "["))
        closeArray = piece(colored(punctuation, "]"))
        emptyArray = piece(colored(punctuation, "[]"))
        comma = piece(colored(punctuation, ","))
        colon = piece(colored(punctuation, ":"), pretty ? [ASCII.space] : [])
        trueLiteral = piece(colored(colors?.bool, "true"))
        falseLiteral = piece(colored(colors?.bool, "false"))
        nullLiteral = piece(colored(colors?.null, "null"))
        stringOpen = piece(opening(colors?.string))
        keyOpen = piece(opening(colors?.key))
        stringClose = piece(closing(colors?.string))
        keyClose = piece(closing(colors?.key))
        numberOpen = piece(Array((colors?.number ?? "").utf8))
        numberClose = piece((colors?.number ?? "").isEmpty ? [] : reset)
        let lineBreak =
            pretty ? [ASCII.newline] + [UInt8](repeating: ASCII.space, count: self.indent * indentLevels) : []
        newline = piece(lineBreak)
        commaNewline = piece(colored(punctuation, ","), lineBreak)
        openArrayNewline = piece(colored(punctuation, "["), lineBreak)
        openObjectNewline = piece(colored(punctuation, "{"), lineBreak)
        base = .allocate(capacity: max(1, bytes.count))
        base.initialize(from: bytes, count: bytes.count)
    }

    deinit { base.deallocate() }

    /// The number of bytes of `newline` that make the line break and indent for `depth`, when it fits.
    @inline(__always)
    func newlineCount(depth: Int) -> Int { 1 + depth * indent }

    /// The bytes of a piece made with a trailing line break (`commaNewline` ...) up to the indent for `depth`,
    /// when `depth <= indentLevels`.
    @inline(__always)
    func count(of piece: Piece, withNewlineAt depth: Int) -> Int { piece.count - newline.count + 1 + depth * indent }

    // MARK: - Writing

    @inline(__always)
    func write(_ piece: Piece, into stage: inout OutputStage) {
        stage.write(base + piece.start, count: piece.count)
    }

    /// A line break and the indent for `depth` (nothing in the compact layout).
    @inline(__always)
    func writeNewline(depth: Int, into stage: inout OutputStage) {
        guard pretty else { return }
        if depth <= indentLevels {
            stage.write(base + newline.start, count: newlineCount(depth: depth))
        } else {
            write(newline, into: &stage)
            stage.write(repeating: ASCII.space, count: (depth - indentLevels) * indent)
        }
    }

    /// Writes a piece made with a trailing line break (`commaNewline` ...) with the indent for `depth`.
    @inline(__always)
    func writeWithNewline(_ piece: Piece, depth: Int, into stage: inout OutputStage) {
        if !pretty {
            write(piece, into: &stage)
        } else if depth <= indentLevels {
            stage.write(base + piece.start, count: count(of: piece, withNewlineAt: depth))
        } else {
            write(piece, into: &stage)
            stage.write(repeating: ASCII.space, count: (depth - indentLevels) * indent)
        }
    }
}
