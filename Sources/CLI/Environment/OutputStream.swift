import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the CLI writes: the process's stdout/stderr, or memory under test.
public protocol OutputStream: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer)
    func flush()
}

extension OutputStream {
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}

/// A buffered writer to a file descriptor. Write errors (a closed pipe) are remembered, not thrown.
public final class FileDescriptorOutput: OutputStream {
    public let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    public private(set) var failed = false

    public init(descriptor: Int32, capacity: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        if buffer.count + bytes.count > capacity { flush() }
        if bytes.count >= capacity {
            writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        if !failed, !Support.writeAll(bytes, to: descriptor) { failed = true }
    }

    deinit { flush() }
}

/// Collects output in memory, for tests.
public final class MemoryOutput: OutputStream {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ chunk: UnsafeRawBufferPointer) { bytes.append(contentsOf: chunk) }

    public func flush() {}

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
