/// A growable raw byte buffer that the writer and the streaming formatter fill with plain pointer stores (much
/// cheaper than appending small pieces to an array); `flush(into:)` hands the bytes to the caller's array in one copy.
struct OutputStage {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 256)
        self.base = .allocate(capacity: self.capacity)
    }

    /// Frees the buffer; the stage must not be used afterwards.
    func deallocate() { base.deallocate() }

    /// Makes room for `extra` more bytes and returns where they go; call `advance(by:)` after writing them.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ extra > capacity { grow(toAtLeast: count &+ extra) }
        return base + count
    }

    @inline(__always)
    mutating func advance(by written: Int) { count &+= written }

    /// Copies `length` bytes; short copies (the usual punctuation, colors and indents) are done inline with two
    /// overlapping word moves instead of a call to memmove.
    @inline(__always)
    mutating func write(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        let destination = UnsafeMutableRawPointer(reserve(length))
        let source = UnsafeRawPointer(bytes)
        if length >= 8 && length <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
            destination.storeBytes(of: head, as: UInt64.self)
            destination.storeBytes(of: tail, toByteOffset: length &- 8, as: UInt64.self)
        } else if length >= 4 && length < 8 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
            destination.storeBytes(of: head, as: UInt32.self)
            destination.storeBytes(of: tail, toByteOffset: length &- 4, as: UInt32.self)
        } else if length < 4 {
            var offset = 0
            while offset < length {
                destination.storeBytes(of: bytes[offset], toByteOffset: offset, as: UInt8.self)
                offset &+= 1
            }
        } else {
            destination.copyMemory(from: source, byteCount: length)
        }
        count &+= length
    }

    @inline(__always)
    mutating func write(_ byte: UInt8) {
        reserve(1).pointee = byte
        count &+= 1
    }

    /// Appends `length` copies of `byte`.
    mutating func write(repeating byte: UInt8, count length: Int) {
        reserve(length).update(repeating: byte, count: length)
        count &+= length
    }

    /// Moves the staged bytes to the end of `out` and empties the stage.
    mutating func flush(into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    @inline(never)
    private mutating func grow(toAtLeast minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
