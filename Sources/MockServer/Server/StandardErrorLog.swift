import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Log lines to stderr, buffered: a request's line is appended to memory and written out a few milliseconds
/// later together with its neighbours, so logging costs one `write(2)` per burst instead of one per request.
final class StandardErrorLog: Sendable {
    private let buffer = NIOLockedValueBox(Pending())
    private let delay: TimeAmount
    private let output: @Sendable ([UInt8]) -> Void

    private struct Pending {
        var bytes: [UInt8] = []
        var flushScheduled = false
    }

    init(
        delay: TimeAmount = .milliseconds(5),
        output: @escaping @Sendable ([UInt8]) -> Void = { bytes in _ = bytes.withUnsafeBytes { writeAll($0, to: 2) } }
    ) {
        self.delay = delay
        self.output = output
    }

    /// Queues one line (a newline is added).
    func line(_ text: String) {
        let (schedule, overflow) = buffer.withLockedValue { pending -> (Bool, [UInt8]?) in
            pending.bytes.append(contentsOf: text.utf8)
            pending.bytes.append(UInt8(ascii: "\n"))
            if pending.bytes.count >= 64 * 1024 {
                defer { pending.bytes = [] }
                return (false, pending.bytes)
            }
            guard !pending.flushScheduled else { return (false, nil) }
            pending.flushScheduled = true
            return (true, nil)
        }
        if let overflow { output(overflow) }
        if schedule {
            MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: delay) { self.flush() }
        }
    }

    /// Writes a line now (start-up messages and errors).
    func immediate(_ text: String) {
        line(text)
        flush()
    }

    /// Writes out everything queued.
    func flush() {
        let bytes = buffer.withLockedValue { pending -> [UInt8] in
            pending.flushScheduled = false
            defer { pending.bytes = [] }
            return pending.bytes
        }
        if !bytes.isEmpty { output(bytes) }
    }

    /// `GET /users 200 0.4ms`
    func request(method: String, target: String, status: Int, elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        let tenths = Int(seconds) * 10_000 + Int((attoseconds + 50_000_000_000_000) / 100_000_000_000_000)
        line("\(method) \(target) \(status) \(tenths / 10).\(tenths % 10)ms")
    }
}
