/// A download progress line on stderr (only when stderr is a terminal): bytes, percent when the size is known,
/// rate, and time left; redrawn at most ten times a second.
final class ProgressBar {
    private let output: any OutputStream
    private let started: Double
    private var lastDraw = 0.0
    private var drew = false
    /// Bytes already on disk before a resumed download.
    private let offset: Int

    init(output: any OutputStream, offset: Int = 0, now: Double) {
        self.output = output
        self.offset = offset
        self.started = now
    }

    func update(total: Int, received: Int, now: Double, force: Bool = false) {
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        drew = true
        output.write(
            "\r\u{1B}[K" + ProgressBar.line(total: total, received: received, offset: offset, elapsed: now - started))
        output.flush()
    }

    func finish() {
        if drew { output.write("\n") }
        output.flush()
    }

    /// `total` comes from the server's Content-Length: sums saturate and the time left is clamped, so a huge
    /// length cannot trap.
    static func line(total: Int, received: Int, offset: Int, elapsed: Double) -> String {
        let done = saturatingSum(offset, received)
        let rate = elapsed > 0 ? Double(received) / elapsed : 0
        var text = ""
        if total > 0 {
            let whole = saturatingSum(offset, total)
            let percent = min(100, Int(Double(done) * 100 / Double(whole)))
            let width = 24
            let filled = width * percent / 100
            text += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            text += "\(percent)% \(bytes(done)) / \(bytes(whole))"
            if rate > 0, done < whole {
                let left = min((Double(whole - done) / rate).rounded(.up), 1e12)
                text += "  \(bytes(Int(min(rate, 1e15))))/s  \(Int(left))s left"
            }
        } else {
            text += "\(bytes(done))"
            if rate > 0 { text += "  \(bytes(Int(min(rate, 1e15))))/s" }
        }
        return text
    }

    static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
