/// Receives a response as it arrives: the final head once, before any body byte, then the body in chunks.
public protocol ResponseSink: AnyObject {
    func receive(head: ResponseHead)
    /// Returns false to abort the transfer (e.g. the output could not be written).
    func receive(body chunk: UnsafeRawBufferPointer) -> Bool
}

/// A sink that keeps the whole body in memory; for small responses (batch, pagination, tests).
public final class CollectingSink: ResponseSink {
    public private(set) var head: ResponseHead?
    public private(set) var body: [UInt8] = []

    public init() {}

    public func receive(head: ResponseHead) { self.head = head }

    public func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        body.append(contentsOf: chunk)
        return true
    }
}
