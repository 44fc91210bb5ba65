import Testing

@testable import CLI

@Suite struct ArgumentParserTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let positionals: [String]
        let values: [String: [String]]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let rows: [Row] = [
        Row(arguments: ["get", "users"], positionals: ["get", "users"], values: [:]),
        Row(arguments: ["get", "users", "-i"], positionals: ["get", "users"], values: ["include": [""]]),
        Row(
            arguments: ["-v", "post", "users", "a=1"], positionals: ["post", "users", "a=1"], values: ["verbose": [""]]),
        Row(arguments: ["get", "x", "-o", "f.json"], positionals: ["get", "x"], values: ["output": ["f.json"]]),
        Row(arguments: ["get", "x", "-of.json"], positionals: ["get", "x"], values: ["output": ["f.json"]]),
        Row(arguments: ["get", "x", "--output=f.json"], positionals: ["get", "x"], values: ["output": ["f.json"]]),
        Row(arguments: ["get", "x", "-iv"], positionals: ["get", "x"], values: ["include": [""], "verbose": [""]]),
        Row(
            arguments: ["get", "x", "-ko", "out"], positionals: ["get", "x"],
            values: ["insecure": [""], "output": ["out"]]),
        Row(
            arguments: ["get", "x", "-H", "A: 1", "-H", "B: 2"], positionals: ["get", "x"],
            values: ["header": ["A: 1", "B: 2"]]),
        Row(arguments: ["post", "x", "--", "-a=1", "--b"], positionals: ["post", "x", "-a=1", "--b"], values: [:]),
        Row(arguments: ["post", "x", "--input", "-"], positionals: ["post", "x"], values: ["input": ["-"]]),
        Row(arguments: ["get", "x", "--timeout", "-1"], positionals: ["get", "x"], values: ["timeout": ["-1"]]),
        Row(
            arguments: ["serve", "--mock", "db.json", "--port", "0"], positionals: ["serve", "db.json"],
            values: ["mock": [""], "port": ["0"]]),
    ]

    @Test(arguments: rows)
    func parses(_ row: Row) throws {
        let parsed = try ArgumentParser().parse(row.arguments)
        #expect(parsed.positionals == row.positionals)
        #expect(parsed.values == row.values)
    }

    static let errors: [([String], String)] = [
        (["get", "x", "--bogus"], "unknown option '--bogus'"),
        (["get", "x", "--folow"], "unknown option '--folow'; did you mean '--follow'?"),
        (["get", "x", "-Z"], "unknown option '-Z'"),
        (["get", "x", "--output"], "option '--output' needs a value (FILE)"),
        (["get", "x", "-o"], "option '-o' needs a value (FILE)"),
        (["get", "x", "--follow=yes"], "option '--follow' takes no value"),
    ]

    @Test(arguments: errors)
    func rejects(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError(message)) { try ArgumentParser().parse(arguments) }
    }
}
