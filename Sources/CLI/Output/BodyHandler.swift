import Client
import JSON

/// Takes a response body as it arrives and writes what the user asked for.
protocol BodyHandler: AnyObject {
    /// Returns false to stop the transfer (a body that must be held grew past `--max-body`; `finish` says so).
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool
    /// Ends the body; returns a problem for stderr, if any.
    func finish() -> BodyProblem?
}

/// Something that went wrong with the body after the response arrived.
struct BodyProblem: Error {
    let message: String
    /// The exit status it deserves, when it changes the outcome (a failed query is a usage error).
    let status: ExitStatus?
    /// The handler stopped the transfer (the body was over `--max-body`): this, not the aborted transfer, is what
    /// went wrong.
    var stoppedTransfer = false

    static func overLimit(_ limit: BodyLimit, _ what: String, because reason: String) -> BodyProblem {
        BodyProblem(
            message: limit.exceeded(what, because: reason), status: .transportFailure, stoppedTransfer: true)
    }
}

extension BodyPrinter: BodyHandler {
    func finish() -> BodyProblem? {
        finishBody()
        if overLimit {
            return .overLimit(limit, "the response body", because: "--sort-keys reads it whole")
        }
        return formatError.map { BodyProblem(message: $0, status: nil) }
    }
}

/// `--query` on a body: read as one or more JSON values (NDJSON served as JSON is a stream of values, as to jq),
/// each value's results printed. An array body under `.[] | F` (and the like) is read an element at a time as it
/// arrives, holding only the element being read (`QueryBodyStream`); any other is held whole. The outputs are
/// printed at the end, as a body that turns out not to be JSON prints none.
final class QueryBodyHandler: BodyHandler {
    private let output: any OutputStream
    private let limit: BodyLimit
    private let stream: QueryBodyStream
    private let printed = PrintedOutputs()
    private var overLimit = false

    /// The outputs printed so far (written by the thread that reads the elements, read after it is joined), in a
    /// buffer that grows by remapping its pages rather than copying them.
    private final class PrintedOutputs {
        let bytes = GrowableBytes()
        /// One value printed, before it joins `bytes`.
        var value: [UInt8] = []
        /// Memory ran out: the outputs are not all there.
        var isShort = false

        func append(_ text: UnsafeRawBufferPointer) {
            if !bytes.append(text) { isShort = true }
        }
    }

    init(query: Query, printer: ValuePrinter, output: any OutputStream, limit: BodyLimit = .standard) {
        self.output = output
        self.limit = limit
        let printed = printed
        let eachText: ((UnsafeRawBufferPointer) -> Void)? =
            printer.printsScalarText ? { printer.write(text: $0, to: printed.append) } : nil
        stream = QueryBodyStream(query: query, limit: limit.bytes, eachText: eachText) {
            printed.value.removeAll(keepingCapacity: true)
            printer.write($0, into: &printed.value)
            printed.value.withUnsafeBytes(printed.append)
        }
    }

    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard stream.write(chunk) else {
            overLimit = true
            return false
        }
        return true
    }

    func finish() -> BodyProblem? {
        let byElement = stream.readsByElement
        if overLimit { stream.cancel() }
        // jq's main loop: the program runs on each value; `input`/`inputs` read the values after it.
        let failure = Result { () throws(QueryBodyError) in try stream.finish() }
        if overLimit || stream.wasOverLimit {
            if byElement {
                return .overLimit(limit, "an element of the response body", because: "--query reads each element whole")
            }
            return .overLimit(limit, "the response body", because: "--query reads it whole")
        }
        if case .failure(let error) = failure {
            switch error {
            case .notJSON, .outOfMemory: break
            case .query: printed.bytes.withBytes(output.write)
            }
            return BodyProblem(message: "\(error)", status: .usage)
        }
        if printed.isShort {
            return BodyProblem(message: "--query: out of memory while holding the outputs", status: .usage)
        }
        printed.bytes.withBytes(output.write)
        return nil
    }
}

/// NDJSON, JSON Lines, json-seq and event streams (or `--stream`): each line is printed, and flushed, as soon as
/// it arrives; a `--query` runs on each JSON line (on the `data:` of each event).
final class LineStreamHandler: BodyHandler {
    private let query: Query?
    private let printer: ValuePrinter
    private let output: any OutputStream
    /// Where lines printed as received go (on a terminal: with control characters escaped).
    private let verbatim: any OutputStream
    private let formatJSON: Bool
    private let limit: BodyLimit
    private var partial: [UInt8] = []
    private var problem: BodyProblem?

    init(
        query: Query?, printer: ValuePrinter, output: any OutputStream, formatJSON: Bool,
        verbatim: (any OutputStream)? = nil,
        limit: BodyLimit = .standard
    ) {
        self.query = query
        self.printer = printer
        self.output = output
        self.verbatim = verbatim ?? output
        self.formatJSON = formatJSON
        self.limit = limit
    }

    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        var start = chunk.startIndex
        for index in chunk.indices where chunk[index] == 0x0A {
            guard hold(chunk[start..<index]) else { return false }
            line(partial)
            partial.removeAll(keepingCapacity: true)
            start = index + 1
        }
        guard hold(chunk[start..<chunk.endIndex]) else { return false }
        output.flush()
        return true
    }

    /// Adds bytes to the current line, unless that takes it over the limit (then the stream stops).
    private func hold(_ bytes: Slice<UnsafeRawBufferPointer>) -> Bool {
        guard limit.admits(partial.count, adding: bytes.count) else {
            partial = []
            output.flush()
            problem = .overLimit(limit, "a streamed line", because: "each line is read whole")
            return false
        }
        partial.append(contentsOf: bytes)
        return true
    }

    func finish() -> BodyProblem? {
        if problem?.stoppedTransfer == true {
            output.flush()
            return problem
        }
        if !partial.isEmpty { line(partial) }
        output.flush()
        return problem
    }

    private func line(_ bytes: [UInt8]) {
        var content = bytes[...]
        if content.last == 0x0D { content = content.dropLast() }
        if content.first == 0x1E { content = content.dropFirst() }  // json-seq record separator
        let isEvent = content.starts(with: Array("data:".utf8))
        let payload = isEvent ? content.dropFirst(5) : content
        guard query != nil || formatJSON, !payload.allSatisfy({ $0 == 0x20 }),
            let value = try? JSON.parse(Array(payload))
        else {
            if query == nil || !isJSONLike(payload) {
                if query == nil { verbatim.write(Array(content) + [0x0A]) }
                return
            }
            problem = BodyProblem(
                message: "a streamed line is not valid JSON: \(String(decoding: payload.prefix(80), as: UTF8.self))",
                status: nil)
            return
        }
        var out: [UInt8] = []
        if let query {
            do {
                try query.evaluate(value) { printer.write($0, into: &out) }
            } catch {
                problem = BodyProblem(message: "\(error)", status: .usage)
            }
        } else {
            if isEvent { out.append(contentsOf: "data: ".utf8) }
            printer.write(value, into: &out)
        }
        output.write(out)
    }

    private func isJSONLike(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }
}
