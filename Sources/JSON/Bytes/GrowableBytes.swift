#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte buffer that grows with `realloc`: a large buffer is moved by remapping its pages (glibc's `mremap`), not
/// by copying them into fresh ones, so holding a 64 MB body as it arrives costs its pages once (an `Array` copies,
/// and faults in twice the body, as it doubles).
public final class GrowableBytes {
    private var base: UnsafeMutableRawPointer?
    public private(set) var count = 0
    private var capacity = 0

    public init() {}

    deinit { free(base) }

    /// Appends `bytes`; false (nothing appended) when memory runs out.
    @discardableResult
    public func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return true }
        let needed = count + bytes.count
        if needed > capacity {
            let newCapacity = max(needed, capacity * 2, 1 << 16)
            guard let grown = realloc(base, newCapacity) else { return false }
            base = grown
            capacity = newCapacity
        }
        (base! + count).copyMemory(from: source, byteCount: bytes.count)
        count = needed
        return true
    }

    /// Drops the first `dropped` bytes (at most `count`), moving the rest to the front; keeps the memory.
    public func removeFirst(_ dropped: Int) {
        let dropped = min(max(dropped, 0), count)
        guard dropped > 0, let base else { return }
        if dropped < count { memmove(base, base + dropped, count - dropped) }
        count -= dropped
    }

    /// Forgets the bytes, keeping the memory for the next ones.
    public func clear() { count = 0 }

    /// Frees the bytes.
    public func removeAll() {
        free(base)
        base = nil
        count = 0
        capacity = 0
    }

    /// The bytes held, valid for the duration of `body`.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }
}
