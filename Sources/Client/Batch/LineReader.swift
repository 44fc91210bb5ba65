#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of a file or of stdin, read in 64 KiB chunks as they are needed (so a batch can start before its input
/// is complete, and a long input never sits in memory whole). Lines come without their `\n` or `\r\n`; a last line
/// without a newline counts. Single pass.
public final class LineReader: Sequence, IteratorProtocol {
    private let descriptor: Int32
    private let closesDescriptor: Bool
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var position = 0
    private var atEnd = false
    /// Set when reading failed, or a line was longer than `limit` (the lines before it were delivered).
    public private(set) var readError: String?
    /// The longest line held (`--max-body`): a line without an end stops the input instead of growing without bound.
    public let limit: BodyLimit
    private var linesDelivered = 0

    /// Reads from an open descriptor (0 for stdin), which the reader does not close.
    public init(descriptor: Int32, limit: BodyLimit = .standard) {
        self.descriptor = descriptor
        self.limit = limit
        closesDescriptor = false
    }

    /// Opens `path` for reading; the message says why it cannot be read.
    public init(path: String, limit: BodyLimit = .standard) throws(LineReaderError) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw LineReaderError(path: path, reason: String(cString: strerror(errno))) }
        descriptor = opened
        self.limit = limit
        closesDescriptor = true
    }

    deinit {
        if closesDescriptor { close(descriptor) }
    }

    public func next() -> String? {
        while true {
            if let line = takeBufferedLine() { return line }
            if atEnd { return nil }
            fill()
        }
    }

    /// The next line if it can be had without waiting for the input (a line already read, or bytes the descriptor
    /// has ready now), so that a batch keeps its transfers going while a slow producer writes the next spec.
    func nextIfReady() -> LineAvailability {
        while true {
            if let line = takeBufferedLine() { return .line(line) }
            if atEnd { return .end }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let count = poll(&ready, 1, 0)
            if count == 0 || (count < 0 && errno == EINTR) { return .pending }
            fill()  // readable, at its end, or failed: `read` won't block
        }
    }

    /// A complete line from the buffer, or the last line without a newline once the input has ended.
    private func takeBufferedLine() -> String? {
        var end: Int
        let next: Int
        if let newline = buffer[position...].firstIndex(of: 0x0A) {
            end = newline
            next = newline + 1
        } else if atEnd, position < buffer.count {
            end = buffer.count
            next = buffer.count
        } else {
            return nil
        }
        if end > position, buffer[end - 1] == 0x0D { end -= 1 }
        if end - position > limit.bytes {
            refuseLongLine()
            return nil
        }
        let line = String(decoding: buffer[position..<end], as: UTF8.self)
        position = next
        linesDelivered += 1
        return line
    }

    /// Stops the input at a line over the limit: the lines before it were delivered, it and the rest are not.
    private func refuseLongLine() {
        readError = limit.exceeded("line \(linesDelivered + 1)", because: "a line is read whole; the rest is skipped")
        buffer = []
        position = 0
        atEnd = true
    }

    /// Drops the consumed bytes and appends the next chunk (or notes the end of the input).
    private func fill() {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let chunk = 64 * 1024
        // Here the buffer holds part of one line (no newline in it): past the limit, that line is refused.
        guard buffer.count <= limit.bytes else {
            refuseLongLine()
            return
        }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        while true {
            count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + oldCount, chunk) }
            if count < 0, errno == EINTR { continue }
            break
        }
        if count < 0 { readError = String(cString: strerror(errno)) }
        buffer.removeSubrange((oldCount + Swift.max(count, 0))...)
        if count <= 0 { atEnd = true }
    }
}

public struct LineReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    /// `cannot read specs.ndjson: No such file or directory`.
    public var description: String { "cannot read \(path): \(reason.lowercased())" }
}

/// What reading a line without waiting gave.
enum LineAvailability: Equatable {
    case line(String)
    /// Nothing yet: the producer has not written the next line.
    case pending
    case end
}
