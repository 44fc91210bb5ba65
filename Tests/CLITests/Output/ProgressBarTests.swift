import Testing

@testable import CLI

/// The progress line: what it says for known and unknown sizes, resumed downloads, and sizes that would overflow.
struct ProgressBarTests {
    static let rows: [(total: Int, received: Int, offset: Int, elapsed: Double, line: String)] = [
        (0, 0, 0, 0, "0 B"),
        (0, 2_500, 0, 1, "2.5 kB  2.5 kB/s"),
        (1_000, 250, 0, 1, "[######                  ] 25% 250 B / 1.0 kB  250 B/s  3s left"),
        (1_000, 1_000, 0, 2, "[########################] 100% 1.0 kB / 1.0 kB"),
        // Resumed: the bytes on disk count toward done, not toward the rate.
        (500, 250, 500, 1, "[##################      ] 75% 750 B / 1.0 kB  250 B/s  1s left"),
        // A Content-Length near Int.max: sums saturate, the time left is clamped, nothing traps.
        (Int.max, 10, 0, 1, "[                        ] 0% 10 B / 9223372.0 TB  10 B/s  1000000000000s left"),
        (Int.max, 10, Int.max, 1, "[########################] 100% 9223372.0 TB / 9223372.0 TB"),
    ]

    @Test(arguments: rows)
    func line(_ row: (total: Int, received: Int, offset: Int, elapsed: Double, line: String)) {
        #expect(
            ProgressBar.line(total: row.total, received: row.received, offset: row.offset, elapsed: row.elapsed)
                == row.line)
    }

    @Test func redrawsAtMostTenTimesASecondAndEndsTheLine() {
        let output = MemoryOutput()
        let bar = ProgressBar(output: output, now: 0)
        bar.update(total: 0, received: 1, now: 0.10)
        bar.update(total: 0, received: 2, now: 0.15)  // too soon: not drawn
        bar.update(total: 0, received: 3, now: 0.16, force: true)
        bar.finish()
        #expect(output.text == "\r\u{1B}[K1 B  10 B/s" + "\r\u{1B}[K3 B  18 B/s" + "\n")
    }

    @Test func nothingDrawnNothingEnded() {
        let output = MemoryOutput()
        ProgressBar(output: output, now: 0).finish()
        #expect(output.text.isEmpty)
    }
}
