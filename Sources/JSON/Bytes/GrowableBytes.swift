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
///
/// One thread uses it at a time, and no access to its properties lasts over a call that could reach them again, so
/// they are not checked for exclusive access at run time (those checks took 6% of the thread that reads a body's
/// elements, which appends each output here).
public final class GrowableBytes {
    @exclusivity(unchecked) private var base: UnsafeMutableRawPointer?
    /// Where the bytes start in the memory: the room before them takes `prepend`, and `removeFirst` moves it on.
    @exclusivity(unchecked) private var start = 0
    /// The room asked for by `clear(room:)`, which `append` keeps (what is left of it after `prepend`).
    @exclusivity(unchecked) private var keptRoom = 0
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private var capacity = 0

    public init() {}

    deinit { free(base) }

    /// Room before the bytes, for `prepend`.
    public var room: Int { start }

    /// Appends `bytes`; false (nothing appended) when memory runs out.
    @discardableResult
    public func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return true }
        if start + count + bytes.count > capacity, start > keptRoom, keptRoom + count + bytes.count <= capacity {
            // The bytes dropped at the front make room before the memory grows (the room left for `prepend` stays).
            memmove(base! + keptRoom, base! + start, count)
            start = keptRoom
        }
        let needed = start + count + bytes.count
        if needed > capacity {
            let newCapacity = max(needed, capacity * 2, 1 << 16)
            guard let grown = realloc(base, newCapacity) else { return false }
            base = grown
            capacity = newCapacity
        }
        (base! + start + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
        return true
    }

    /// Puts `bytes` before the bytes held, in the room there; false (nothing done) when there is not room enough.
    public func prepend(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= start else { return false }
        guard let source = bytes.baseAddress, bytes.count > 0 else { return true }
        start -= bytes.count
        count += bytes.count
        keptRoom = min(keptRoom, start)
        (base! + start).copyMemory(from: source, byteCount: bytes.count)
        return true
    }

    /// Drops the first `dropped` bytes (at most `count`); the memory they took is used again as the buffer grows.
    public func removeFirst(_ dropped: Int) {
        let dropped = min(max(dropped, 0), count)
        start += dropped
        count -= dropped
        if count == 0 { start = keptRoom }
    }

    /// Forgets the bytes, keeping the memory for the next ones, with `room` bytes before them for `prepend` (none
    /// when memory runs out).
    public func clear(room: Int = 0) {
        count = 0
        start = 0
        keptRoom = 0
        let room = max(room, 0)
        if room > capacity {
            guard let grown = realloc(base, room + (1 << 16)) else { return }
            base = grown
            capacity = room + (1 << 16)
        }
        start = room
        keptRoom = room
    }

    /// Frees the bytes.
    public func removeAll() {
        free(base)
        base = nil
        start = 0
        keptRoom = 0
        count = 0
        capacity = 0
    }

    /// Swaps the bytes (and memory) of the two buffers.
    public func swapContents(with other: GrowableBytes) {
        guard other !== self else { return }
        swap(&base, &other.base)
        swap(&start, &other.start)
        swap(&keptRoom, &other.keptRoom)
        swap(&count, &other.count)
        swap(&capacity, &other.capacity)
    }

    /// The bytes held, valid for the duration of `body`.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base.map { $0 + start }, count: count))
    }
}
