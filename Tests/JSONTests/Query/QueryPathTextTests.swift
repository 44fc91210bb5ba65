import JSON
import Testing

/// `.[] | .a.b` read by element with `eachText`: each element is only stepped over, and a value printed as itself
/// is handed over as its bytes. However the body is cut, the text must be what the whole body's outputs print as,
/// and the errors the same.
@Suite("a path on a body, as text")
struct QueryPathTextTests {
    /// The body written in pieces cut at `cuts`, the outputs as printed: the text as given, the values compact.
    static func streamed(
        _ query: Query, _ body: String, cuts: [Int], reading: QueryBodyStream.Reading = .inPlace
    ) -> String {
        QueryBodyStreamTests.streamed(query, body, cuts: cuts, reading: reading, asText: true)
    }

    static let filters = [
        ".[] | .s", ".[].s", ".[] | .n", ".[] | .a.b", ".[].a.b.c", ".[] | .\"é\"", ".[] | .\"\"", ".[]? | .s",
        ".[] | .missing", ".[] | .a", ".[] | .\"e\\u0301\"",
    ]

    static let bodies = [
        // Strings: plain, escaped, unicode, escaped keys.
        #"[{"s":"plain"},{"s":"tab\there"},{"s":"quote\"d"},{"s":"\/slash"},{"s":"\u00e9\ud83d\ude00"}]"#,
        #"[{"s":"Zürich 中 😀"},{"s":"a\\b"},{"s":""},{"s":"\u0001"},{"\u0073":"key escaped"},{"s\u0000":1}]"#,
        "[{\"s\":\"\u{7F} delete\"},{\"s\":\"raw\u{1}control\"}]",
        // Numbers as written.
        #"[{"n":1.0},{"n":1e2},{"n":-0},{"n":12345678901234567890},{"n":1E+400},{"n":0.10},{"n":-1.5e-3}]"#,
        // Literals, containers, missing members, duplicate keys (the last wins).
        #"[{"n":true},{"n":false},{"n":null},{"n":[1, 2]},{"n":{ "x" : 1 }},{},{"other":1},{"n":1,"n":"two"}]"#,
        #"[{"s":"first","s":{"a":1}},{"s":[],"s":"last"}]"#,
        // Nested paths: objects, nulls, missing levels, values that cannot be indexed (jq's error).
        #"[{"a":{"b":{"c":"deep"}}},{"a":{"b":null}},{"a":null},{"a":{"x":1}},{"a":{"b":{"c":[1,{"d":2}]}}}]"#,
        #"[{"a":{"b":5}},{"a":{"b":{"c":1}}}]"#, #"[{"a":"text"},{"a":{"b":1}}]"#, #"[{"a":[1]}]"#,
        // Elements that are not objects: null gives null; others jq's error.
        #"[null, {"s":"after null"}]"#, #"[1, {"s":"x"}]"#, #"["text"]"#, #"[[{"s":1}]]"#, #"[true]"#,
        // Whitespace everywhere.
        "[ { \"s\" : \"spaced\" , \"a\" : { \"b\" : 1 } } ,\n\t{\"n\"\n:\n2} ]",
        // Invalid JSON after the element (the error wins), in the element, and the values after the array.
        #"[{"s":"ok"}, {"s":"x", "bad": tru}]"#, #"[{"s":"ok"}, {"s":"x"} {"s":"y"}]"#, #"[{"s":"ok"},"#,
        #"[{"s":"x","s":01}]"#, #"[{"s":"x\q"}]"#, "[{\"s\":\"\u{FF}\"}]", #"[{"a":{"b":1,}}]"#,
        #"[{"s":"one"}] [{"s":"two"}] {"s":"three"}"#, #"[{"s":"one"}] 1x"#, #"[1, "text", {"s":"after"}] 5"#,
    ]

    @Test(arguments: filters)
    func everyCutGivesTheWholeBodysText(_ filter: String) throws {
        let query = try Query(filter)
        for body in Self.bodies + QueryBodyRunTests.bodies {
            let whole = QueryBodyRunTests.whole(query, body)
            for cut in 0...body.utf8.count {
                #expect(Self.streamed(query, body, cuts: [cut]) == whole, "\(filter) on \(body) cut at \(cut)")
            }
            let everyByte = Array(0...body.utf8.count)
            #expect(Self.streamed(query, body, cuts: everyByte) == whole, "\(filter) on \(body) byte by byte")
            #expect(
                Self.streamed(query, body, cuts: everyByte, reading: .onItsOwnThread) == whole,
                "\(filter) on \(body) on its own thread")
        }
    }

    /// Only values printed as themselves come as text; the others as values.
    @Test func whatComesAsText() throws {
        let body = Array(#"[{"s":"plain"},{"s":"a\nb"},{"s":1.50},{"s":[1]},{"s":null},{},{"s":true}]"#.utf8)
        var texts: [String] = []
        var values: [JSONValue] = []
        let stream = QueryBodyStream(
            query: try Query(".[] | .s"), reading: .inPlace,
            eachText: { texts.append(String(decoding: $0, as: UTF8.self)) }, each: { values.append($0) })
        body.withUnsafeBytes { #expect(stream.write($0)) }
        try stream.finish()
        #expect(texts == ["\"plain\"", "1.50", "null", "true"])
        #expect(values == ["a\nb", [1], nil])
    }

    /// The budget counts the steps of the path as the interpreter does: it runs out on the same element.
    @Test func theBudgetCountsThePath() throws {
        let body = Array(("[" + (1...50).map { "{\"a\":{\"b\":\($0)}}" }.joined(separator: ",") + "]").utf8)
        var outputs: [Int] = []
        for asText in [false, true] {
            var count = 0
            let stream = QueryBodyStream(
                query: try Query(".[] | .a.b"), budget: QueryBudget(steps: 21), reading: .inPlace,
                eachText: asText ? { _ in count += 1 } : nil, each: { _ in count += 1 })
            body.withUnsafeBytes { #expect(stream.write($0)) }
            #expect(throws: QueryBodyError.self) { try stream.finish() }
            outputs.append(count)
        }
        #expect(outputs[0] == outputs[1] && outputs[0] > 0)
    }
}
