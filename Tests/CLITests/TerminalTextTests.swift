import Testing

@testable import CLI

/// What a response's bytes look like on a terminal: control characters escaped, everything else as received.
@Suite struct TerminalTextTests {
    static let lines: [(String, String)] = [
        ("plain text", "plain text"),
        ("\u{1B}[31mred\u{1B}[0m", "\\x1b[31mred\\x1b[0m"),
        ("\u{1B}]52;c;cHduZWQ=\u{7}", "\\x1b]52;c;cHduZWQ=\\x07"),
        ("a\rb\nc\td", "a\\x0db\\x0ac\\x09d"),
        ("del\u{7F} c1\u{9B}31m", "del\\x7f c1\\x9b31m"),
        ("naïve ✓", "naïve ✓"),
    ]

    @Test(arguments: lines)
    func visibleEscapesControls(_ text: String, _ expected: String) {
        #expect(TerminalText.visible(text) == expected)
    }

    /// Chunks as they arrive, and what the terminal is sent.
    static let streams: [([[UInt8]], String)] = [
        ([Array("ok\n".utf8)], "ok\n"),
        ([Array("a\u{1B}[2Jb".utf8)], "a\\x1b[2Jb"),
        ([Array("line\r\nnext\r\n".utf8)], "line\r\nnext\r\n"),
        ([Array("line\r".utf8), Array("\nnext".utf8)], "line\r\nnext"),
        ([Array("over\rwrite".utf8)], "over\\x0dwrite"),
        ([Array("end\r".utf8)], "end\\x0d"),
        ([[0x61, 0xC2], [0x9B, 0x62]], "a\\x9bb"),
        ([[0x61, 0xC2], [0xA9]], "a©"),
        ([[0x07, 0x08, 0x7F, 0x09]], "\\x07\\x08\\x7f\t"),
    ]

    @Test(arguments: streams)
    func safeOutputEscapesAcrossChunks(_ chunks: [[UInt8]], _ expected: String) {
        let memory = MemoryOutput()
        let output = TerminalSafeOutput(memory)
        for chunk in chunks { output.write(chunk) }
        output.flush()
        #expect(memory.text == expected)
    }
}
