import JQSuite
import JSON
import Testing

/// `Query.run(body:)` reads an array body one element at a time (with only the members the filter reads) when the
/// query has the shape for it. Its outputs and errors must be byte for byte those of the general path: parse the
/// whole body, then run the query on each value.
@Suite("query on a body, by element")
struct QueryBodyRunTests {
    /// The general path, as the client ran it before (and still runs it for other shapes).
    static func whole(_ query: Query, _ body: String) -> String { whole(query, Array(body.utf8)) }

    static func whole(_ query: Query, _ body: [UInt8]) -> String {
        let values: [JSONValue]
        do {
            values = try JSON.parseSequence(body)
        } catch {
            return "error: --query needs a JSON body: \(error)"
        }
        var text = ""
        do {
            let inputs = QueryInputs(values)
            while let value = inputs.next() {
                try query.evaluate(value, inputs: inputs) { text += $0.compactString + "\n" }
            }
        } catch {
            text += "error: \(error)"
        }
        return text
    }

    static func streamed(_ query: Query, _ body: String) -> String {
        var text = ""
        var bytes = Array(body.utf8)
        let failure = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(QueryBodyError) in
                try query.run(body: UnsafeRawBufferPointer(buffer)) { text += $0.compactString + "\n" }
            }
        }
        if case .failure(let error) = failure {
            if case .notJSON = error { return "error: \(error)" }
            text += "error: \(error)"
        }
        return text
    }

    static let filters = [
        ".[]", ".[]?", ".[] | .name", ".[].name", ".[].a.b", ".[] | .a.b", ".[] | {name, b: .a.b}",
        ".[] | {name, n}", ".[] | select(.n > 1)", ".[] | select(.n > 1) | .name", ".[] | .n, .name",
        ".[] | [.name, .n]", ".[] | .\"é\"", ".[] | .\"e\\u0301\"", ".[] | .dup", ".[] | {dup}",
        ".[] | .name // \"none\"", ".[] | if .n then .n else \"no n\" end", ".[] | if .n > 1 then .name end",
        ".[] | .n + 1", ".[] | .name | ascii_downcase", ".[] | \"\\(.name)-\\(.n)\"", ".[] | .a?",
        ".[] | select(.n > 1) | {name}", ".[] | length", ".[] | keys", ".[] | .[\"name\"]", ".[] | .a[0]",
        ".[] | empty", "[.[] | .n] | add", "[.[] | select(.n > 1) | {name, b: .a.b}] | sort_by(.name) | length",
        "[.[] | .name] | sort", "map(.n)", "map(.n) | length", "[.[] | .name]", ".[] | .n | tostring",
        ".[] | tojson", ".[] | . as $x | $x.name", ".[] | select(.name == \"b\") | .n", ".[] | .big",
        ".[] | {big}", ".[] | .big + 0", ".[] | .n | error", ".[] | .name | error(\"bad \" + .)",
    ]

    static let bodies = [
        #"[]"#, #"  [ ]  "#,
        #"[{"name":"a","n":1,"a":{"b":[1,2]},"big":12345678901234567890,"x":[{"y":1}]},{"name":"b","n":2.50,"big":1.0e+2}]"#,
        #"[{"n":3,"name":"c","dup":1,"dup":2,"é":"precomposed","e\u0301":"combining"},{"n":-0,"dup":[1],"name":"Z"}]"#,
        "\u{FEFF}[{\"name\":\"bom\",\"n\":5}]",
        #"[{"name":"deep","a":{"b":{"c":{"d":[[[[1]]]]}}}}, {"name":"\u00e9\ud83d\ude00\n","n":1e400}]"#,
        #"[1, "two", null, true, [3], {"name":"obj","n":7}]"#,
        #"[{"name":"a","n":2}] [{"name":"second","n":3}] {"name":"obj"}"#,
        #"[{"name":"a","n":2}]{"name":"next"}"#,
        #"{"name":"an object","n":9}"#,
        #"[{"name":"a","n":2}, {"name":"b", "n": 3, "bad": tru}]"#,
        #"[{"name":"a","n":2}, "x", {"name":"b", "bad": [1,]}]"#,
        #"[{"name":"a","n":2}, "x", {"name":"b"}"#,
        #"[{"name":"a","n":2}, {"name":"b","n":3}] 12"#,
        #"[{"name":"a","n":2}] 1x"#,
        #"[{"name":"a","n":2},]"#,
        #"[{"skip":"\u12"}]"#, #"[{"skip":"\ud800"}]"#, "[{\"skip\":\"\u{1}\"}]", "[{\"skip\":\"\\x\"}]",
        #"[{"skip":01}]"#, #"[{"skip":-}]"#, #"[{"skip":1.}]"#, #"[{"skip":1e}]"#, #"[{"skip":nul}]"#,
        #"[{"skip" 1}]"#, #"[{skip:1}]"#, #"[{"skip":1"#, #"[{"skip":[1 2]}]"#, #"[{"skip":{"a":1,}}]"#,
        "[{\"skip\":\"\u{FF}\"}]", "[{\"skip\":\"abcdefghijk\u{1}lmnopqrstu\"}]",
        "[{\"skip\":\"abcdefghijklmnopq\u{FF}rs\"}]",
        "[{\"skip\":\"abcdefghijklmnopqrstuvwxyz0123456789",
        "[{\"skip\":\"abcdefghij\\\"klmnop\\\\qrstuvwxyz\",\"name\":1}]",
        "[{\"skip\":\"abcdefghijklé中😀mnopqrstuvwxyz\",\"name\":\"a long name, longer than sixteen bytes\"}]",
        "[{\"name\":\"x\"}\n,\n{\"name\":\"y\"}\n]\n",
        #"[{"name":"a","n":2}, {"name":"b","n":3}]   [ {"n":4}, 5 ]"#, "[1,2", "[", "",
    ]

    @Test(arguments: filters)
    func streamedOutputsAreTheWholeBodysOutputs(_ filter: String) throws {
        let query = try Query(filter)
        for body in Self.bodies {
            #expect(Self.streamed(query, body) == Self.whole(query, body), "\(filter) on \(body)")
        }
    }

    /// Random documents: arrays of random values (objects with the filters' members among random ones).
    @Test func streamedOutputsMatchOnRandomBodies() throws {
        var random = SeededRandom(seed: 11)
        let queries = try Self.filters.map { try Query($0) }
        for _ in 0..<60 {
            var elements: [String] = []
            for _ in 0..<Int.random(in: 0..<6, using: &random) {
                if random.chance(70) {
                    var members: [String] = []
                    for name in ["name", "n", "a", "dup", "big", "other"] where random.chance(60) {
                        members.append("\"\(name)\":\(RandomJSON.value(using: &random).compactString)")
                    }
                    members.shuffle(using: &random)
                    elements.append("{" + members.joined(separator: ",") + "}")
                } else {
                    elements.append(RandomJSON.value(using: &random).compactString)
                }
            }
            let body = "[" + elements.joined(separator: ", ") + "]"
            for query in queries {
                #expect(Self.streamed(query, body) == Self.whole(query, body), "\(query.expression) on \(body)")
            }
        }
    }

    /// The shapes that stream, and the members they keep of each element (nil: all of it).
    @Test(
        arguments: [
            (".[]", .some(nil)), (".[] | .name", .some(["name"])), (".[].a.b", .some(["a"])),
            (".[] | {name, city: .address.city}", .some(["address", "name"])),
            (".[] | select(.age > 50) | .name", .some(["age", "name"])),
            (
                "[.[] | select(.age > 50) | {name, city: .address.city}] | sort_by(.name) | length",
                .some(["address", "age", "name"])
            ),
            ("map(.tags) | length", .some(["tags"])), (".[] | length", .some(nil)),
            (".[] | select(.a)", .some(nil)), (".[] | . as $x | $x", .some(nil)),
            (".", nil), (".[0]", nil), (".[] | input", nil), (".[] | def f: .; f", nil), ("[.[]] | .[0]", .some(nil)),
            (".users[] | .name", nil),
        ] as [(String, [String]??)])
    func shapesThatStream(_ filter: String, _ members: [String]??) throws {
        let query = try Query(filter)
        #expect(query.readsArrayBodyByElement == (members != nil), "\(filter)")
        if let members { #expect(query.elementMembers == members, "\(filter)") }
    }
}
