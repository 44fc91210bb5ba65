import JSON

/// jq's own test suite (`tests/*.test` of jq 1.8.2), read from `../shared/conformance/jq-1.8.2/` and run through
/// `Query` in process, as jq's runner (`jq --run-tests`) runs it: a program, an input, the expected outputs
/// compared as JSON values (numbers by value, object keys in any order); a `%%FAIL` case must fail to compile
/// (its message is not compared: ours are worded differently).
public struct JQCase: Sendable {
    /// `jq.test:123`: the file and the line of the program.
    public let id: String
    public let program: String
    public let input: String
    public let expected: [String]
    public let mustFail: Bool
}

public enum JQOutcome: Sendable, Equatable {
    case pass
    case fail(String)
}

public enum JQSuite {
    /// The suite's files, in the order jq runs them.
    public static let files = [
        "jq.test", "man.test", "base64.test", "uri.test", "optional.test", "onig.test", "manonig.test",
    ]

    /// The folder holding the suite, when it exists: `JQ_SUITE` or `../shared/conformance/jq-1.8.2` from the
    /// package root.
    public static func directory(packageRoot: String) -> String? {
        let candidates = [
            readEnvironment("JQ_SUITE"), packageRoot + "/../shared/conformance/jq-1.8.2",
        ].compactMap { $0 }
        return candidates.first { readFile($0 + "/jq.test") != nil }
    }

    /// Every case of every file in `directory`.
    public static func load(_ directory: String) -> [JQCase] {
        files.flatMap { name in readFile(directory + "/" + name).map { parse($0, file: name) } ?? [] }
    }

    /// jq's `run_jq_tests`: blank lines and `#` comments between cases; a case is a program line, an input line
    /// and output lines up to a blank line; `%%FAIL` (or `%%FAIL IGNORE MSG`) starts a program that must not
    /// compile, followed by its message lines.
    public static func parse(_ text: String, file: String) -> [JQCase] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cases: [JQCase] = []
        var index = 0
        func isSkippable(_ line: String) -> Bool {
            line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } || line.hasPrefix("#")
        }
        while index < lines.count {
            if isSkippable(lines[index]) {
                index += 1
                continue
            }
            if lines[index].hasPrefix("%%FAIL") {
                index += 1
                guard index < lines.count else { break }
                let id = "\(file):\(index + 1)"
                let program = lines[index]
                index += 1
                var message: [String] = []
                while index < lines.count, !lines[index].isEmpty {
                    message.append(lines[index])
                    index += 1
                }
                cases.append(JQCase(id: id, program: program, input: "null", expected: message, mustFail: true))
                continue
            }
            let id = "\(file):\(index + 1)"
            let program = lines[index]
            index += 1
            guard index < lines.count else { break }
            let input = lines[index]
            index += 1
            var expected: [String] = []
            while index < lines.count, !lines[index].isEmpty {
                if !lines[index].hasPrefix("#") { expected.append(lines[index]) }
                index += 1
            }
            cases.append(JQCase(id: id, program: program, input: input, expected: expected, mustFail: false))
        }
        return cases
    }

    /// Runs one case.
    public static func run(_ testCase: JQCase) -> JQOutcome {
        let query: Query
        do {
            query = try Query(testCase.program)
        } catch {
            return testCase.mustFail ? .pass : .fail("compile: \(error.message)")
        }
        if testCase.mustFail { return .fail("compiled, but should fail") }
        let input: JSONValue
        do {
            input = try JSON.parse(testCase.input)
        } catch {
            return .fail("unreadable input: \(error)")
        }
        var outputs: [JSONValue] = []
        var failure: QueryError?
        do {
            try query.evaluate(input) { outputs.append($0) }
        } catch {
            failure = error
        }
        var expected: [JSONValue] = []
        for line in testCase.expected {
            guard let value = try? JSON.parse(line) else { return .fail("unreadable expected output: \(line)") }
            expected.append(value)
        }
        let matches =
            outputs.count >= expected.count
            && zip(outputs, expected).allSatisfy { Query.equal($0, $1) }
        if let failure {
            // jq's runner counts an error after the expected outputs as a failure too.
            if matches && outputs.count == expected.count {
                return .fail("error after the outputs: \(failure.message)")
            }
            return .fail("error: \(failure.message) after \(outputs.count) of \(expected.count) outputs")
        }
        guard outputs.count == expected.count else {
            return .fail("\(outputs.count) outputs, expected \(expected.count): \(outputs.map(\.compactString))")
        }
        if !matches {
            return .fail("got \(outputs.map(\.compactString)), expected \(testCase.expected)")
        }
        return .pass
    }

    /// `file:line reason` lines; `#` comments and blank lines ignored.
    public static func skips(_ text: String) -> [String: String] {
        var skips: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let id = parts.first else { continue }
            skips[String(id)] = parts.count > 1 ? String(parts[1]) : ""
        }
        return skips
    }
}
