import Testing

@testable import CLI

/// The command line decoded once into typed values: defaults by terminal, and the errors decoding raises.
@Suite struct RequestOptionsTests {
    func decode(_ arguments: [String], terminal: Bool = false) throws -> RequestOptions {
        try RequestOptions(ArgumentParser().parse(arguments), terminal: terminal, noColor: false)
    }

    @Test func defaultsFollowTheTerminal() throws {
        let piped = try decode(["get", "x"])
        #expect(piped.selection == (try PrintSelection(letters: "b")))
        #expect(piped.pretty == PrettyMode(format: false, colors: false))
        let terminal = try decode(["get", "x"], terminal: true)
        #expect(terminal.selection == (try PrintSelection(letters: "hb")))
        #expect(terminal.pretty == PrettyMode(format: true, colors: true))
    }

    @Test func valuesAreTyped() throws {
        let options = try decode([
            "get", "x", "--ok", "404,409", "--max-pages", "3", "--timeout", "2.5", "--retry", "2", "-H", "A: 1",
            "-H", "A: 2", "--http1.1", "--no-compressed", "-o", "f", "-c",
        ])
        #expect(options.okStatuses == [404, 409])
        #expect(options.maxPages == 3)
        #expect(options.client.transfer.timeout == 2.5)
        #expect(options.client.timeoutGiven)
        #expect(options.client.retry.retries == 2)
        #expect(options.client.headers == ["A: 1", "A: 2"])
        #expect(options.client.transfer.httpVersion == .http1_1)
        #expect(!options.client.transfer.compressed)
        #expect(options.outputFile == "f" && options.resume)
    }

    static let errors: [([String], String)] = [
        (["get", "x", "-c"], "--continue needs -o FILE or --download"),
        (["get", "x", "--http1.1", "--http2"], "--http1.1 and --http2 cannot be used together"),
        (["get", "x", "--max-body", "0"], "bad --max-body '0': expected a size above 0 such as 64K, 256MB or 1G"),
        (["get", "x", "--ok", "99"], "bad --ok '99': expected HTTP statuses such as 404,409"),
    ]

    @Test(arguments: errors)
    func decodingErrors(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError(message)) { try decode(arguments) }
    }
}
