import JQSuite
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
        #expect(error?.message == "Repeat string result too long")
        #expect(error?.kind == .runtime)
    }

    @Test func repeatingUpToTheLimitWorks() throws {
        #expect(try Query(#""abc" * 22369621 | length"#).evaluate(.null) == [67_108_863])
        #expect(try Query(#""" * 1e9"#).evaluate(.null) == [""])
        // jq 1.8: a negative count gives null, zero (or a fraction below 1) the empty string.
        #expect(try Query(#""x" * -1"#).evaluate(.null) == [.null])
        #expect(try Query(#""ab" * 0"#).evaluate(.null) == [""])
    }

    /// Flat chains are not nesting: 300 `.a` steps and a 300-term sum work (the old parser refused them).
    /// (On a large stack: a debug build's frames are big, and test threads' stacks small.)
    @Test func longChainsWork() throws {
        let chain = String(repeating: ".a", count: 300)
        let sum = Array(repeating: "1", count: 300).joined(separator: " + ")
        let pipe = Array(repeating: ". + 1", count: 300).joined(separator: " | ")
        nonisolated(unsafe) var results: [[JSONValue]] = []
        runOnLargeStack {
            results = [
                (try? Query(chain).evaluate(.null)) ?? [], (try? Query(sum).evaluate(.null)) ?? [],
                (try? Query(pipe).evaluate(0)) ?? [],
            ]
        }
        #expect(results == [[.null], [300], [300]])
    }
}
