import Foundation

/// Runs the real jq (`/usr/bin/jq`), the reference the query tests compare against.
enum JQProcess {
    static let path = "/usr/bin/jq"

    static let isInstalled = FileManager.default.isExecutableFile(atPath: path)

    struct Outcome {
        /// 0 on success, 5 for a runtime error, 3 for a compile (syntax) error.
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
    }

    /// `jq <arguments>` with `input` on stdin.
    static func run(_ arguments: [String], input: String) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: [UInt8](output), stderr: String(decoding: errors, as: UTF8.self))
    }

    /// `jq-1.6`, `jq-1.7.1`, ... or nil when jq is missing.
    static let version: String? = {
        guard isInstalled, let outcome = try? run(["--version"], input: "") else { return nil }
        return String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// jq's message for a runtime error, without the `jq: error (at <stdin>:N): ` prefix and with the first letter
    /// lower-cased, the way api words it.
    static func runtimeMessage(_ stderr: String) -> String {
        let line = stderr.split(separator: "\n").first.map(String.init) ?? ""
        guard let range = line.range(of: "): ") else { return line }
        let message = line[range.upperBound...]
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}
