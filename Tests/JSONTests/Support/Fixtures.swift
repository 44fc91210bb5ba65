import Foundation

/// The JSON files under `Fixtures/pass` and `Fixtures/fail`. Every fail file `name.json` has a sidecar
/// `name.error` holding the expected `JSONParseError.description` (`line L, column C: message`).
enum Fixtures {
    struct File: CustomStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        /// The expected error description, for fail fixtures.
        let expectedError: String?

        var description: String { name }
    }

    static let pass: [File] = load("pass")
    static let fail: [File] = load("fail")

    private static func load(_ folder: String) -> [File] {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures").appendingPathComponent(folder),
            let names = try? FileManager.default.contentsOfDirectory(atPath: root.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { fileName in
            let name = String(fileName.dropLast(".json".count))
            let bytes = (try? Data(contentsOf: root.appendingPathComponent(fileName))).map { [UInt8]($0) } ?? []
            let sidecar = root.appendingPathComponent(name + ".error")
            let expected = (try? String(contentsOf: sidecar, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return File(name: name, bytes: bytes, expectedError: expected)
        }
    }
}
