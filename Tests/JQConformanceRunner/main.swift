import JQSuite

#if canImport(Glibc)
    import Glibc
#endif

/// `swift run jq-conformance [SUITE_DIR] [-v] [-k FILTER]`: runs jq's suite and prints the pass count (and, with
/// `-v`, every failure), without the test build.
var arguments = Array(CommandLine.arguments.dropFirst())
let verbose = arguments.contains("-v")
let progress = arguments.contains("-p")
arguments.removeAll { $0 == "-p" }
arguments.removeAll { $0 == "-v" }
var filter: String?
if let position = arguments.firstIndex(of: "-k"), position + 1 < arguments.count {
    filter = arguments[position + 1]
    arguments.removeSubrange(position...position + 1)
}
guard let directory = arguments.first ?? JQSuite.directory(packageRoot: ".") else {
    print("jq suite not found (give its folder, or set JQ_SUITE)")
    exit(1)
}
nonisolated(unsafe) var passed = 0
nonisolated(unsafe) var total = 0
let cases = JQSuite.load(directory)
runOnLargeStack {
    for testCase in cases {
        if let filter, !testCase.id.contains(filter), !testCase.program.contains(filter) { continue }
        total += 1
        switch JQSuite.run(testCase) {
        case .pass:
            passed += 1
        case .fail(let reason):
            if verbose { print("\(testCase.id)\t\(testCase.program)\t\(reason)") }
        }
    }
}
print("passed \(passed) of \(total) (\(total == 0 ? 0 : passed * 1000 / total / 10)%)")
