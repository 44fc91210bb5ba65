import Client
import JSON

/// Writes a response body to an output as it arrives: JSON formatted and colored token by token (never holding the
/// whole body), other text as is, and binary data on a terminal replaced by a note.
final class BodyPrinter {
    private enum Mode {
        case raw
        case json(JSONStreamFormatter)
        /// JSON whose keys must be sorted: the whole body is parsed at the end.
        case sortedJSON([UInt8])
        case binary(count: Int)
        /// The body stopped being valid JSON: the rest is written as received.
        case fallback
    }

    private let output: any OutputStream
    /// Where bytes printed as received go: on a terminal, through `TerminalSafeOutput` (control characters shown
    /// escaped); piped, the output itself (exact bytes).
    private let verbatim: any OutputStream
    private let terminal: Bool
    private let colors: JSONColors?
    private var mode: Mode
    private var pending: [UInt8] = []
    private var wroteAnything = false
    private var lastByte: UInt8 = 0
    private let mediaType: MediaType?
    /// A message for stderr when formatting stopped (the body was not valid JSON).
    private(set) var formatError: String?
    /// How much of a body to hold for `--sort-keys`, which parses it whole.
    let limit: BodyLimit
    /// Set when a body to be sorted grew past `limit` (the transfer is stopped).
    private(set) var overLimit = false

    init(
        output: any OutputStream, head: ResponseHead?, pretty: PrettyMode, sortKeys: Bool, terminal: Bool,
        limit: BodyLimit = .standard
    ) {
        self.output = output
        self.verbatim = terminal ? TerminalSafeOutput(output) : output
        self.limit = limit
        self.terminal = terminal
        self.mediaType = head?.contentType
        self.colors = pretty.colors ? JSONColors.standard : nil
        let isJSON = BodyPrinter.isJSON(mediaType)
        if isJSON && sortKeys && (pretty.format || pretty.colors) {
            mode = .sortedJSON([])
        } else if isJSON && pretty.format {
            mode = .json(JSONStreamFormatter(indent: 2, colors: colors))
        } else if isJSON && pretty.colors {
            mode = .json(JSONStreamFormatter(indent: 2, colors: colors, layout: .compact))
        } else {
            mode = .raw
        }
    }

    /// JSON of either kind: a document, or JSON lines (formatted value by value).
    static func isJSON(_ mediaType: MediaType?) -> Bool { mediaType.map { $0.isJSON || $0.isJSONLines } ?? false }

    /// Returns false when the body must stop (over the limit of a sorted body).
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !chunk.isEmpty else { return true }
        if terminal, case .raw = mode, mediaType?.isText != true, chunk.contains(0) {
            mode = .binary(count: 0)
        }
        switch mode {
        case .raw, .fallback:
            emit(chunk, to: verbatim)
        case .binary(let count):
            mode = .binary(count: count + chunk.count)
        case .sortedJSON(var bytes):
            mode = .raw  // release the buffer's reference so the append does not copy
            guard limit.admits(bytes.count, adding: chunk.count) else {
                overLimit = true
                mode = .binary(count: 0)
                return false
            }
            bytes.append(contentsOf: chunk)
            mode = .sortedJSON(bytes)
        case .json(var formatter):
            mode = .raw
            do {
                // Straight from the formatter's buffer to the output: no copy through `pending`.
                try formatter.feed(chunk) { emit($0) }
                mode = .json(formatter)
            } catch {
                flushPending()
                formatError = "response body is not valid JSON (\(error)); the rest is printed as received"
                emit(chunk, to: verbatim)
                mode = .fallback
            }
        }
        return true
    }

    /// Ends the body: flushes the formatter, writes the binary note or the sorted document.
    func finishBody() {
        if overLimit { return }
        switch mode {
        case .json(var formatter):
            do {
                try formatter.finish(into: &pending)
            } catch {
                formatError = "response body is not valid JSON (\(error))"
            }
            flushPending()
        case .sortedJSON(let bytes):
            do {
                let value = try JSON.parse(bytes)
                var out: [UInt8] = []
                JSONWriter(layout: .pretty, indent: 2, colors: colors, sortKeys: true).write(value, into: &out)
                out.append(0x0A)
                out.withUnsafeBytes { emit($0) }
            } catch {
                formatError = "response body is not valid JSON (\(error)); printed as received"
                bytes.withUnsafeBytes { emit($0, to: verbatim) }
            }
        case .binary(let count):
            let type = mediaType?.essence ?? "unknown type"
            output.write("+-----------------------------------------------------------------+\n")
            output.write("| binary body not shown: \(type), \(count) bytes; save it with -o FILE\n")
            output.write("+-----------------------------------------------------------------+\n")
            lastByte = 0x0A
        case .raw, .fallback:
            verbatim.flush()
        }
        // On a terminal, end with a newline so the prompt starts on its own line.
        if terminal, wroteAnything, lastByte != 0x0A { output.write("\n") }
    }

    private func flushPending() {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { emit($0) }
        pending.removeAll(keepingCapacity: true)
    }

    private func emit(_ bytes: UnsafeRawBufferPointer, to stream: (any OutputStream)? = nil) {
        guard let last = bytes.last else { return }
        (stream ?? output).write(bytes)
        wroteAnything = true
        lastByte = last
    }
}
