import Foundation
import Testing

@testable import CLI

/// The option table is the one source of help, man page and completions: every option must appear in each, and
/// the committed man page and completion files must equal what the table generates (`make docs` rewrites them).
@Suite struct GeneratedDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let files: [(String, @Sendable () -> String)] = [
        ("man/api.1", { ManPage.render() }),
        ("completions/api.bash", { Completions.script(for: "bash")! }),
        ("completions/_api", { Completions.script(for: "zsh")! }),
        ("completions/api.fish", { Completions.script(for: "fish")! }),
    ]

    @Test func committedFilesAreCurrent() throws {
        for (path, generate) in Self.files {
            let url = Self.root.appendingPathComponent(path)
            let expected = generate()
            if ProcessInfo.processInfo.environment["API_UPDATE_DOCS"] == "1" {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try expected.write(to: url, atomically: true, encoding: .utf8)
            }
            let committed = try String(contentsOf: url, encoding: .utf8)
            #expect(committed == expected, "\(path) is out of date: run 'make docs'")
        }
    }

    @Test(arguments: OptionTable.options.map(\.long))
    func optionAppearsEverywhere(_ long: String) throws {
        let spec = try #require(OptionTable.option(long: long))
        #expect(HelpText.general().contains("--\(long)"), "help lacks --\(long)")
        #expect(ManPage.render().contains("\\fB\\-\\-\(ManPage.escape(long))\\fR"), "man page lacks --\(long)")
        #expect(Completions.script(for: "bash")!.contains("--\(long)"), "bash completion lacks --\(long)")
        #expect(Completions.script(for: "zsh")!.contains("--\(long)"), "zsh completion lacks --\(long)")
        #expect(Completions.script(for: "fish")!.contains("-l '\(long)'"), "fish completion lacks --\(long)")
        if let short = spec.short {
            #expect(HelpText.general().contains("-\(short), --\(long)"))
            #expect(Completions.script(for: "fish")!.contains("-s \(short)"))
        }
    }

    @Test(arguments: OptionTable.commands.map(\.name))
    func commandAppearsEverywhere(_ name: String) {
        #expect(Completions.script(for: "bash")!.contains(name))
        #expect(Completions.script(for: "zsh")!.contains("'\(name):"))
        #expect(Completions.script(for: "fish")!.contains("-a \(name) "))
        #expect(ManPage.render().contains(name))
    }

    @Test func helpDocumentsEveryExitStatus() {
        let help = HelpText.general()
        for status in [0, 1, 2, 3, 4, 5, 6, 7, 130] {
            #expect(help.contains("\n  \(status) "), "help lacks exit status \(status)")
        }
    }
}
