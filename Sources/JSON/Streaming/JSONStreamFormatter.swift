/// Pretty-prints JSON as it arrives: bytes in, formatted (optionally colored) bytes out, never holding the document.
///
/// ```swift
/// var formatter = JSONStreamFormatter(colors: .standard)
/// var out: [UInt8] = []
/// for chunk in body {                       // chunks may split a token at any byte
///     try chunk.withUnsafeBytes { try formatter.feed($0, into: &out) }
///     if out.count > 65_536 { write(out); out.removeAll(keepingCapacity: true) }
/// }
/// try formatter.finish(into: &out)
/// ```
/// The input is validated exactly like `JSON.parseSequence` (same errors, same line and column): it may hold several
/// top-level values separated by whitespace, and each is printed followed by a newline, byte for byte as
/// `JSONWriter(layout: layout, indent: indent, colors: colors)` writes the parsed value. Escapes are normalized the
/// writer's way (`\u0041` becomes `A`, `\/` becomes `/`). One difference: a repeated object key is printed each
/// time it appears (the parser keeps only the last value), since nothing is held back. After an error, `feed` and
/// `finish` throw it again; output already appended stays. A UTF-8 byte order mark at the very start is skipped.
/// Memory stays constant: the state is a few counters plus one flag per open container.
public struct JSONStreamFormatter: Sendable {
    enum Phase: UInt8, Sendable {
        /// Nothing read yet: a byte order mark may come.
        case start
        /// Inside a byte order mark (`bomMatched` bytes of it read).
        case byteOrderMark
        /// Expecting a value: after `:`, after `,` in an array, or between top-level values.
        case value
        /// After `[`, not yet printed: `]` makes `[]`.
        case arrayFirst
        /// After `{`, not yet printed: `}` makes `{}`.
        case objectFirst
        /// After `,` in an object.
        case key
        case colon
        /// After a value inside a container: expecting `,` or the closing bracket.
        case afterValue
        case string
        /// After a backslash in a string.
        case escape
        /// Reading the four hex digits of `\u`.
        case unicodeEscape
        /// After a high surrogate escape: expecting `\` of its low half, then `u`.
        case lowSurrogateBackslash
        case lowSurrogateU
        case number
        case literal
    }

    /// Where a number is in the grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    enum NumberState: UInt8, Sendable {
        case minus, zero, integer, point, fraction, exponentMark, exponentSign, exponent
    }

    let pieces: FormatPieces
    let maxDepth: Int

    var phase = Phase.start
    var depth = 0
    /// Whether the container at each depth (1...maxDepth) is an object; `inObject` caches the innermost one.
    var containerIsObject: [Bool]
    var inObject = false
    /// A top-level number or literal just ended with no whitespace after it yet.
    var needsSeparator = false
    var stringIsKey = false
    var numberState = NumberState.zero
    var literal: StaticString = "true"
    var literalMatched = 0
    var bomMatched = 0
    /// Continuation bytes still due in the current UTF-8 sequence, and the range the next one must fall in.
    var utf8Remaining = 0
    var utf8Low: UInt8 = 0x80
    var utf8High: UInt8 = 0xBF
    var hexValue: UInt32 = 0
    var hexCount = 0
    var readingLowSurrogate = false
    var highSurrogate: UInt32 = 0

    /// Absolute byte offsets: where the current string/number/literal, escape, high surrogate escape and UTF-8
    /// sequence started, where the current chunk starts, and where the current line starts.
    var tokenStart = 0
    var escapeStart = 0
    var highSurrogateStart = 0
    var utf8Start = 0
    var consumed = 0
    var line = 1
    var lineStart = 0
    var failure: JSONParseError?

    /// - Parameter layout: `.pretty` (the default) indents like `jq .`; `.compact` removes all whitespace (colors
    ///   only, like `--pretty=colors`). Either way each top-level value ends with a newline. Note that
    ///   `indent: 0` is still the pretty layout (line breaks, no indentation).
    public init(indent: Int = 2, colors: JSONColors? = nil, maxDepth: Int = 512, layout: JSONWriter.Layout = .pretty) {
        self.maxDepth = maxDepth
        self.pieces = FormatPieces(
            pretty: layout == .pretty, indent: indent, colors: colors, indentLevels: min(max(maxDepth, 0), 4096))
        self.containerIsObject = [Bool](repeating: false, count: max(maxDepth, 0) + 1)
    }

    /// Formats the bytes of `chunk`, appending output to `out`. A token cut at the end of the chunk continues in
    /// the next one.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) throws(JSONParseError) {
        try feed(chunk) { out.append(contentsOf: $0) }
    }

    /// Formats the bytes of `chunk` and hands the output of the whole chunk to `emit` in one piece, straight from
    /// the formatter's buffer (no copy into an array). Nothing is emitted for a chunk that fails.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void)
        throws(JSONParseError)
    {
        if let failure { throw failure }
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        // Pretty, colored output is 5 to 6 times the input on typical API bodies: room for 8 times means the stage
        // almost never grows (a grow copies everything staged so far).
        var stage = OutputStage(capacity: chunk.count * 8 + 1024)
        defer { stage.deallocate() }
        do {
            try run(base.assumingMemoryBound(to: UInt8.self), count: chunk.count, into: &stage)
        } catch {
            failure = error
            throw error
        }
        consumed += chunk.count
        emit(UnsafeRawBufferPointer(start: stage.base, count: stage.count))
    }

    /// Formats a chunk held in an array.
    public mutating func feed(_ chunk: [UInt8], into out: inout [UInt8]) throws(JSONParseError) {
        try chunk.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try feed(buffer, into: &out) }
        }.get()
    }

    /// Ends the input: completes a trailing top-level number and reports a value left open. The formatter is then
    /// ready for a new stream.
    public mutating func finish(into out: inout [UInt8]) throws(JSONParseError) {
        if let failure { throw failure }
        var stage = OutputStage(capacity: 256)
        defer { stage.deallocate() }
        do {
            try end(into: &stage)
        } catch {
            failure = error
            throw error
        }
        stage.flush(into: &out)
        self = JSONStreamFormatter(pieces: pieces, maxDepth: maxDepth, containerIsObject: containerIsObject)
    }

    private init(pieces: FormatPieces, maxDepth: Int, containerIsObject: [Bool]) {
        self.pieces = pieces
        self.maxDepth = maxDepth
        self.containerIsObject = containerIsObject
    }

    // MARK: - The machine

    /// Runs every byte of one chunk through the grammar.
    private mutating func run(_ bytes: UnsafePointer<UInt8>, count: Int, into stage: inout OutputStage)
        throws(JSONParseError)
    {
        var index = 0
        while index < count {
            switch phase {
            case .string:
                index = try scanString(bytes, from: index, count: count, into: &stage)
            case .value, .arrayFirst, .objectFirst, .key, .colon, .afterValue:
                index = skipWhitespace(bytes, from: index, count: count)
                if index < count { index = try structure(bytes[index], at: index, into: &stage) }
            case .number:
                index = try scanNumber(bytes, from: index, count: count, into: &stage)
            case .literal:
                index = try scanLiteral(bytes, from: index, count: count, into: &stage)
            case .escape, .unicodeEscape, .lowSurrogateBackslash, .lowSurrogateU:
                try escape(bytes[index], at: index, into: &stage)
                index += 1
            case .start:
                if bytes[index] == ASCII.byteOrderMark.0 {
                    phase = .byteOrderMark
                    bomMatched = 1
                    index += 1
                } else {
                    phase = .value
                }
            case .byteOrderMark:
                let expected = bomMatched == 1 ? ASCII.byteOrderMark.1 : ASCII.byteOrderMark.2
                guard bytes[index] == expected else { throw error(.unexpectedByte(ASCII.byteOrderMark.0), at: 0) }
                bomMatched += 1
                index += 1
                if bomMatched == 3 { phase = .value }
            }
        }
    }

    /// The checks and output at the end of input.
    private mutating func end(into stage: inout OutputStage) throws(JSONParseError) {
        switch phase {
        case .start, .value, .arrayFirst, .objectFirst, .key, .colon, .afterValue:
            break
        case .byteOrderMark:
            throw error(.unexpectedByte(ASCII.byteOrderMark.0), at: 0)
        case .number:
            if let problem = numberState.problemIfEnded { throw error(problem, at: consumed) }
            endNumber(into: &stage)
        case .literal:
            throw error(.invalidLiteral(expected: literal), at: tokenStart)
        case .string, .escape, .unicodeEscape, .lowSurrogateBackslash, .lowSurrogateU:
            throw error(.unterminatedString, at: tokenStart)
        }
        if depth > 0 { throw error(.unexpectedEnd, at: consumed) }
    }

    /// An error at the absolute `offset`, which is on the current line (tokens never span lines).
    func error(_ problem: JSONSyntaxProblem, at offset: Int) -> JSONParseError {
        JSONParseError(line: line, column: offset - lineStart + 1, offset: offset, message: problem.message)
    }
}
