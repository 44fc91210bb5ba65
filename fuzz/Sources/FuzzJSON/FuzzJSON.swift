import FuzzSupport
import JSON

/// The JSON parser and the streaming pretty-printer against each other, on any bytes:
/// - `JSON.parseSequence` and `JSONStreamFormatter` (fed random chunk splits) accept the same inputs and report the
///   same error;
/// - the formatter's output re-parses to the values the parser read;
/// - `JSON.parse` agrees with `parseSequence` on single values, and the writer's output re-parses equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = inputBytes(data, size)
    let seed = fnv1a(bytes)
    let parsed = Result { () throws(JSONParseError) in try JSON.parseSequence(bytes) }
    let single = Result { () throws(JSONParseError) in try JSON.parse(bytes) }

    if case .success(let value) = single {
        guard case .success(let values) = parsed, values == [value] else {
            fuzzFailure("parse accepted what parseSequence did not read as one value")
        }
        for writer in [JSONWriter(layout: .compact), JSONWriter(layout: .pretty)] {
            guard (try? JSON.parse(writer.bytes(value))) == value else {
                fuzzFailure("writer output re-parses unequal")
            }
        }
    }

    let layout: JSONWriter.Layout = seed & 1 == 0 ? .pretty : .compact
    var formatter = JSONStreamFormatter(indent: Int(seed >> 1 & 3), layout: layout)
    var out: [UInt8] = []
    let formatted = Result { () throws(JSONParseError) in
        for chunk in randomChunks(bytes, seed: seed) {
            if seed & 2 == 0 {
                try formatter.feed(Array(chunk), into: &out)
            } else {
                try chunk.withUnsafeBytes { buffer in
                    Result { () throws(JSONParseError) in
                        try formatter.feed(buffer) { piece in out.append(contentsOf: piece) }
                    }
                }.get()
            }
        }
        try formatter.finish(into: &out)
    }

    switch (parsed, formatted) {
    case (.success(let values), .success):
        guard let reparsed = try? JSON.parseSequence(out) else { fuzzFailure("formatter output does not parse") }
        guard reparsed == values else { fuzzFailure("formatter output re-parses to other values") }
    case (.failure(let parseError), .failure(let formatError)):
        guard parseError == formatError else {
            fuzzFailure("parser says '\(parseError)', formatter says '\(formatError)'")
        }
    case (.success, .failure(let error)):
        fuzzFailure("formatter rejected what the parser accepted: \(error)")
    case (.failure(let error), .success):
        fuzzFailure("formatter accepted what the parser rejected: \(error)")
    }
    return 0
}
