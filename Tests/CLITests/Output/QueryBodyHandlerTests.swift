import Client
import JSON
import Testing

@testable import CLI

/// QueryBodyHandler fed a body in chunks: an array under `.[] | F` is read by element as it arrives, anything else
/// whole; the outputs are printed at the end, and none when the body is not JSON.
struct QueryBodyHandlerTests {
    func run(_ chunks: [String], query: String, limit: BodyLimit = .standard) throws -> (String, BodyProblem?) {
        let output = CountingOutput()
        let handler = QueryBodyHandler(
            query: try Query(query),
            printer: ValuePrinter(pretty: PrettyMode(format: false, colors: false), raw: false),
            output: output, limit: limit)
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
}
