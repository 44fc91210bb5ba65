import Support
import Testing

/// The shared helpers of the Support target.
struct SupportHelperTests {
    static let decodings: [(String, String)] = [
        ("a%20b", "a b"),
        ("%C3%BC", "ü"),
        ("%c3%bc", "ü"),
        ("100%", "100%"),  // a stray % is kept
        ("%4", "%4"),
        ("%zz1", "%zz1"),
        ("%+f", "%+f"),  // not hex digits (UInt8("+f", radix: 16) would take it)
        ("%FF", "\u{FFFD}"),  // not UTF-8: replaced
    ]

    @Test(arguments: decodings)
    func percentDecoding(_ text: String, _ expected: String) {
        #expect(percentDecoded(text) == expected)
    }

    @Test func plusIsASpaceOnlyInQueriesAndForms() {
        #expect(percentDecoded("a+b%2B", plusAsSpace: true) == "a b+")
        #expect(percentDecoded("a+b%2B") == "a+b+")
        #expect(percentDecoded("plain") == "plain")
    }

    static let encodings: [(String, Set<UInt8>, Bool, String)] = [
        ("a b/ü~", [], false, "a%20b%2F%C3%BC~"),
        ("a b", [], true, "a+b"),
        ("x:y,z", [UInt8(ascii: ":")], false, "x:y%2Cz"),
        ("", [], false, ""),
    ]

    @Test(arguments: encodings)
    func percentEncoding(_ text: String, _ kept: Set<UInt8>, _ spaceAsPlus: Bool, _ expected: String) {
        #expect(percentEncoded(text, keeping: kept, spaceAsPlus: spaceAsPlus) == expected)
        #expect(percentDecoded(expected, plusAsSpace: spaceAsPlus) == text)
    }

    @Test func trimming() {
        #expect(" \ta b\t ".trimmingBlanks() == "a b")
        #expect("\"x\"".trimmingCharacters(in: "\"") == "x")
        #expect("   ".trimmingBlanks() == "")
    }

    @Test func sizes() {
        #expect(parseByteSize("10MB") == 10 << 20)
        #expect(parseByteSize(" 2 k ") == 2 << 10)
        #expect(parseByteSize("7") == 7)
        #expect(parseByteSize("-1") == nil)
        #expect(parseByteSize("99999999999999999999G") == nil)
        #expect(parseByteSize("9000000000G") == nil)  // overflows Int
    }

    @Test func environmentVariables() {
        let fixed: EnvironmentVariables = ["A": "1"]
        #expect(fixed["A"] == "1")
        #expect(fixed["B"] == nil)
        #expect(EnvironmentVariables.process["PATH"] != nil)
        #expect(EnvironmentVariables.process["API_TEST_SURELY_UNSET_\(#line)"] == nil)
    }
}
