import JSON
import Testing

/// Object keys are compared by their exact Unicode scalars: canonically equivalent spellings are different keys.
@Suite("JSON object keys")
struct JSONKeyTests {
    @Test(
        "equivalent spellings stay two keys",
        arguments: [
            (#"{"\u00e9":1,"e\u0301":2}"#, #"{"é":1,"é":2}"#, 2),
            (#"{"\u00c5":1,"\u212b":2,"A\u030a":3}"#, #"{"Å":1,"Å":2,"Å":3}"#, 3),
            (#"{"e\u0301":1,"e\u0301":2}"#, #"{"é":2}"#, 1),
        ])
    func keepsKeys(_ input: String, _ expected: String, _ count: Int) throws {
        let value = try JSON.parse(input)
        #expect(value.objectValue?.count == count)
        #expect(value.compactString == expected)
    }

    @Test("lookup by string is exact")
    func lookup() throws {
        let value = try JSON.parse(#"{"\u00e9":1}"#)
        #expect(value["\u{e9}"] == .number(JSONNumber(1)))
        #expect(value["e\u{301}"] == nil)
    }

    @Test("keys sort by code point")
    func order() {
        let keys: [JSONKey] = ["e\u{301}", "\u{e9}", "Z", "a"]
        #expect(keys.sorted().map(\.string) == ["Z", "a", "e\u{301}", "\u{e9}"])
    }
}
