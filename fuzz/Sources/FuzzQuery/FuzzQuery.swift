import FuzzSupport

@testable import JSON

/// The `--query` language: the input is `EXPRESSION`, optionally followed by a NUL byte and a JSON input document
/// (a fixed sample when absent or invalid). Parses the expression and runs it, stopping after a few thousand outputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let (expressionBytes, documentBytes) = splitOnce(inputBytes(data, size), at: 0)
    let expression = String(decoding: expressionBytes, as: UTF8.self)
    let input = documentBytes.flatMap { try? JSON.parse($0) } ?? sample
    let query: Query
    do {
        query = try Query(expression)
    } catch {
        check(error, expression)
        return 0
    }
    var outputs = 0
    do {
        try QueryEvaluator.evaluate(try QueryParser.parse(expression), input) { (value: JSONValue) throws(QueryError) in
            outputs += 1
            if outputs > 2_000 { throw QueryError(expression: "", column: 0, message: "enough", kind: .runtime) }
            guard (try? JSON.parse(value.compactBytes)) == value else { fuzzFailure("output re-parses unequal") }
        }
    } catch {
        if error.message != "enough" { check(error.attaching(expression: expression), expression) }
    }
    _ = query.expression
    return 0
}

private let sample: JSONValue = [
    "users": [
        ["id": 1, "name": "Ada", "tags": ["a", "b"], "age": 36.5],
        ["id": 2, "name": "Grace", "tags": [], "age": nil, "admin": true],
    ],
    "count": 2, "next": nil, "title": "x\u{e9}",
]

/// A query error names a column within the expression (0-based, in Unicode scalars) and has a message.
private func check(_ error: QueryError, _ expression: String) {
    guard error.column >= 0, error.column <= expression.unicodeScalars.count else {
        fuzzFailure("error column \(error.column) outside the expression")
    }
    guard !error.message.isEmpty else { fuzzFailure("empty error message") }
    _ = error.description
}
