import JQSuite
import JSON
import Testing

/// jq 1.8.2's own test suite through `Query`, in process. The suite stays in `../shared/conformance/jq-1.8.2`
/// (or `$JQ_SUITE`): without it the test is skipped, never passed. Every case passes except those listed, with
/// the reason, in `jq-suite-skips.txt` beside this file; a listed case that starts passing is reported too, so
/// the list stays honest.
@Suite("jq 1.8.2 conformance")
struct JQConformanceTests {
    static let packageRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Tests/JSONTests/Query/JQConformanceTests.swift
        return parts.joined(separator: "/")
    }()

    static let directory = JQSuite.directory(packageRoot: packageRoot)

    @Test("every case not in the skip file passes", .enabled(if: directory != nil, "jq's suite is not in ../shared"))
    func suite() throws {
        let skipText = try #require(
            readText(Self.packageRoot + "/Tests/JSONTests/Query/jq-suite-skips.txt"), "the skip file is missing")
        let skips = JQSuite.skips(skipText)
        let cases = JQSuite.load(try #require(Self.directory))
        #expect(cases.count > 800)
        nonisolated(unsafe) var failures: [String] = []
        nonisolated(unsafe) var fixed: [String] = []
        runOnLargeStack {
            for testCase in cases {
                let outcome = JQSuite.run(testCase)
                let skipped = skips[testCase.id] != nil
                if case .fail(let reason) = outcome, !skipped {
                    failures.append("\(testCase.id) \(testCase.program): \(reason)")
                }
                if outcome == .pass, skipped { fixed.append(testCase.id) }
            }
        }
        #expect(failures == [], "cases that should pass")
        #expect(fixed == [], "cases in the skip file that pass now: remove them from it")
    }
}
