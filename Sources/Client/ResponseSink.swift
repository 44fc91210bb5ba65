/// Receives a response as it arrives: the final head once, before any body byte, then the body in chunks.
public protocol ResponseSink: AnyObject {
    func receive(head: ResponseHead)
    /// Returns false to abort the transfer (e.g. the output could not be written).
    func receive(body chunk: UnsafeRawBufferPointer) -> Bool
}

/// A sink that keeps the whole body in memory, up to a limit (pagination, tests); a body over the limit aborts
/// the transfer and sets `overLimit`.
public final class CollectingSink: ResponseSink {
    public private(set) var head: ResponseHead?
    public private(set) var body: [UInt8] = []
    public let limit: BodyLimit
    /// Set when the body grew past `limit` (the transfer was aborted; `body` holds what fitted).
    public private(set) var overLimit = false

    public init(limit: BodyLimit = .standard) {
        self.limit = limit
    }

    public func receive(head: ResponseHead) { self.head = head }

    public func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        guard limit.admits(body.count, adding: chunk.count) else {
            overLimit = true
            return false
        }
        body.append(contentsOf: chunk)
        return true
    }
}
