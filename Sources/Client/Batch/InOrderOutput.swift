/// Puts output lines back in input order: a line that completes before an earlier one waits here until every
/// earlier line is out; the lines that can go out are collected in `ready`.
struct InOrderOutput {
    /// The index of the next line to go out.
    private(set) var nextIndex = 0
    /// Bytes ready to be written, lines in index order.
    private(set) var ready: [UInt8] = []
    private var waiting: [Int: [UInt8]] = [:]

    /// Lines held back because an earlier one is still running.
    var waitingCount: Int { waiting.count }

    /// Adds the line for `index` (each index exactly once); `write` appends its bytes, newline included.
    mutating func complete(_ index: Int, _ write: (inout [UInt8]) -> Void) {
        guard index == nextIndex else {
            var line: [UInt8] = []
            write(&line)
            waiting[index] = line
            return
        }
        write(&ready)
        nextIndex += 1
        while let line = waiting.removeValue(forKey: nextIndex) {
            ready.append(contentsOf: line)
            nextIndex += 1
        }
    }

    /// Hands the ready bytes to `body` (when there are any) and empties the buffer, keeping its storage.
    mutating func takeReady<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        guard !ready.isEmpty else { return nil }
        let result = ready.withUnsafeBytes(body)
        if ready.count > 1 << 20 {
            ready = []
        } else {
            ready.removeAll(keepingCapacity: true)
        }
        return result
    }
}
