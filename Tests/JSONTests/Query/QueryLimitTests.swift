import JSON
import Testing

/// Where api's query refuses what jq would try (found by fuzzing, see fuzz/README.md).
@Suite("query limits")
struct QueryLimitTests {
    /// `"x" * 1e9` asked for a gigabyte string (and took the fuzzer's 2 GB); 64 MiB is the most a repeat makes.
    @Test(arguments: [#""x" * 1e9"#, #"1e9 * "ab""#, #""abc" * 22369622"#, #".s * .n"#])
    func repeatingAStringPastTheLimitFails(_ expression: String) throws {
        let input = try JSON.parse(#"{"s": "x", "n": 2147483647}"#)
        let error = #expect(throws: QueryError.self) { try Query(expression).evaluate(input) }
        #expect(error?.message == "repeat string result too long")
        #expect(error?.kind == .runtime)
    }

    @Test func repeatingUpToTheLimitWorks() throws {
        #expect(try Query(#""abc" * 22369621 | length"#).evaluate(.null) == [67_108_863])
        #expect(try Query(#""" * 1e9"#).evaluate(.null) == [""])
        // jq 1.6 converts the count with C's (int), which gives INT_MIN past 2^31: null, as for n <= 0.
        #expect(try Query(#""x" * 1e18"#).evaluate(.null) == [.null])
        #expect(try Query(#""ab" * 0"#).evaluate(.null) == [.null])
    }
}
