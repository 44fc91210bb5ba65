import Client
import JSON

/// Takes a response body as it arrives and writes what the user asked for.
protocol BodyHandler: AnyObject {
    func write(_ chunk: UnsafeRawBufferPointer)
    /// Ends the body; returns a problem for stderr, if any.
    func finish() -> BodyProblem?
}

/// Something that went wrong with the body after the response arrived.
struct BodyProblem: Error {
    let message: String
    /// The exit status it deserves, when it changes the outcome (a failed query is a usage error).
    let status: ExitStatus?
}

extension BodyPrinter: BodyHandler {
    func finish() -> BodyProblem? {
        finishBody()
        return formatError.map { BodyProblem(message: $0, status: nil) }
    }
}

/// `--query` on a whole body: collects it, reads it as one or more JSON values (NDJSON served as JSON is a stream
/// of values, as to jq), and prints each value's results.
final class QueryBodyHandler: BodyHandler {
    private let query: Query
    private let printer: ValuePrinter
    private let output: any OutputStream
    private var body: [UInt8] = []

    init(query: Query, printer: ValuePrinter, output: any OutputStream) {
        self.query = query
        self.printer = printer
        self.output = output
    }

    func write(_ chunk: UnsafeRawBufferPointer) { body.append(contentsOf: chunk) }

    func finish() -> BodyProblem? {
        let values: [JSONValue]
        do {
            values = try JSON.parseSequence(body)
        } catch {
            return BodyProblem(message: "--query needs a JSON body: \(error)", status: .usage)
        }
        var out: [UInt8] = []
        do {
            for value in values {
                try query.evaluate(value) { printer.write($0, into: &out) }
            }
        } catch {
            output.write(out)
            return BodyProblem(message: "query error: \(error)", status: .usage)
        }
        output.write(out)
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
    private var partial: [UInt8] = []
    private var problem: BodyProblem?

    init(
        query: Query?, printer: ValuePrinter, output: any OutputStream, formatJSON: Bool,
        verbatim: (any OutputStream)? = nil
    ) {
        self.query = query
        self.printer = printer
        self.output = output
        self.verbatim = verbatim ?? output
        self.formatJSON = formatJSON
    }

    static let streamingTypes: Set<String> = [
        "application/x-ndjson", "application/jsonl", "application/json-seq", "text/event-stream",
        "application/x-jsonlines", "application/jsonlines",
    ]

    func write(_ chunk: UnsafeRawBufferPointer) {
        var start = chunk.startIndex
        for index in chunk.indices where chunk[index] == 0x0A {
            partial.append(contentsOf: chunk[start..<index])
            line(partial)
            partial.removeAll(keepingCapacity: true)
            start = index + 1
        }
        partial.append(contentsOf: chunk[start..<chunk.endIndex])
        output.flush()
    }

    func finish() -> BodyProblem? {
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
                problem = BodyProblem(message: "query error: \(error)", status: .usage)
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
