import Client
import JSON
import Testing

@testable import CLI

/// QueryBodyHandler fed a body in chunks: an array under `.[] | F` is read by element as it arrives, anything else
/// whole; the outputs are printed at the end, and none when the body is not JSON.
struct QueryBodyHandlerTests {
    func run(
        _ chunks: [String], query: String, limit: BodyLimit = .standard,
        printer: ValuePrinter = ValuePrinter(pretty: PrettyMode(format: false, colors: false), raw: false)
    ) throws -> (String, BodyProblem?) {
        let output = CountingOutput()
        let handler = QueryBodyHandler(query: try Query(query), printer: printer, output: output, limit: limit)
        for chunk in chunks {
            guard Array(chunk.utf8).withUnsafeBytes({ handler.write($0) }) else { break }
        }
        let problem = handler.finish()
        return (output.memory.text, problem)
    }

    static let rows: [([String], String, String, String?)] = [
        // By element, split anywhere.
        (["[{\"a\":1},{\"a\"", ":2}", ",{\"a\":3}]"], ".[] | .a", "1\n2\n3\n", nil),
        (["[{\"a\":1},", "{\"a\":2}]"], "[.[] | .a] | add", "3\n", nil),
        // Not an array, or not a shape read by element: whole.
        (["{\"a\"", ":1}"], ".a", "1\n", nil),
        (["[1,", "2]"], "length", "2\n", nil),
        // An error on the third element: the outputs before it, then the error.
        (["[1,2,\"x\",4]"], ".[] | . + 1", "2\n3\n", "cannot be added"),
        // Not JSON: no outputs at all.
        (["[1,2,", "3"], ".[]", "", "--query needs a JSON body"),
    ]

    @Test(arguments: rows)
    func bodies(_ chunks: [String], _ query: String, _ expected: String, _ problem: String?) throws {
        let (text, found) = try run(chunks, query: query)
        #expect(text == expected)
        if let problem {
            #expect(found?.message.contains(problem) == true, "\(found?.message ?? "no problem")")
            #expect(found?.status == .usage)
        } else {
            #expect(found == nil)
        }
    }

    /// Read by element, the limit is on the element being read: a large body of small elements is fine, a large
    /// element is not.
    @Test func theLimitIsOnTheElementWhenReadByElement() throws {
        let small = ["["] + (1...500).map { "{\"n\":\($0)}," } + ["{\"n\":0}]"]
        let (text, problem) = try run(small, query: ".[] | .n", limit: BodyLimit(bytes: 1000))
        #expect(problem == nil)
        #expect(text.split(separator: "\n").count == 501)
        let large = ["[{\"n\":\""] + Array(repeating: String(repeating: "x", count: 100), count: 5000) + ["\"}]"]
        let (_, overLimit) = try run(large, query: ".[] | .n", limit: BodyLimit(bytes: 100_000))
        #expect(overLimit?.message.hasPrefix("an element of the response body is larger than --max-body") == true)
        let (_, whole) = try run(small, query: "length", limit: BodyLimit(bytes: 1000))
        #expect(whole?.message == "the response body is larger than --max-body 1000B (--query reads it whole)")
    }

    /// `.[] | .a.b` prints values found as text (`printsScalarText`) as the printer prints the parsed values, in
    /// every output mode: compact, pretty, colors, `-r`.
    @Test(arguments: [
        (false, false, false), (true, false, false), (false, true, false), (true, true, false),
        (false, false, true), (true, false, true), (true, true, true),
    ])
    func pathOutputsPrintAsTheirValues(_ format: Bool, _ colors: Bool, _ raw: Bool) throws {
        let printer = ValuePrinter(pretty: PrettyMode(format: format, colors: colors), raw: raw)
        let body =
            #"[{"s":"plain"},{"s":"tab\there"},{"s":"Zürich 😀"},{"s":"\u00e9"},{"s":1.50},{"s":-0},{"s":1e2},"#
            + #"{"s":true},{"s":false},{"s":null},{},{"s":[1, {"b": "x"}]},{"s":{"c" : 2}},{"s":""},{"s":"\""}]"#
        for filter in [".[] | .s", ".[].s"] {
            var expected: [UInt8] = []
            for value in try JSON.parse(Array(body.utf8)).arrayValue! {
                printer.write(value["s"] ?? .null, into: &expected)
            }
            let chunks = body.map { String($0) }
            let (text, problem) = try run(chunks, query: filter, printer: printer)
            #expect(problem == nil)
            #expect(text == String(decoding: expected, as: UTF8.self), "\(filter) \(format) \(colors) \(raw)")
        }
    }

    /// `--max-body` refuses an element over it on the path too, and a non-object element is jq's error.
    @Test func pathRefusalsAndErrors() throws {
        let large = ["[{\"n\":\""] + Array(repeating: String(repeating: "x", count: 100), count: 50) + ["\"}]"]
        let (_, overLimit) = try run(large, query: ".[] | .n", limit: BodyLimit(bytes: 1000))
        #expect(overLimit?.message.hasPrefix("an element of the response body is larger than --max-body") == true)
        let (text, problem) = try run(["[{\"n\":1},", "2,{\"n\":3}]"], query: ".[] | .n")
        #expect(text == "1\n")
        #expect(problem?.message == "--query: Cannot index number with string (\"n\")")
    }
}
