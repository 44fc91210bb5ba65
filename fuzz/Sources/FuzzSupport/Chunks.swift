/// A small deterministic generator (SplitMix64), so a crashing input always replays the same way.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `1...maximum`.
    public mutating func length(upTo maximum: Int) -> Int { Int(next() % UInt64(max(maximum, 1))) + 1 }
}

/// Cuts `bytes` into consecutive chunks of random sizes (1 to 16 bytes, now and then one large piece), seeded by
/// `seed`. The chunks together are `bytes`.
public func randomChunks(_ bytes: [UInt8], seed: UInt64) -> [ArraySlice<UInt8>] {
    var generator = SplitMix64(seed: seed)
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
        let size = generator.next() % 8 == 0 ? generator.length(upTo: 256) : generator.length(upTo: 16)
        let end = min(start + size, bytes.count)
        chunks.append(bytes[start..<end])
        start = end
    }
    return chunks
}

/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`, copied into an array.
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Splits `bytes` at the first byte `separator`: (before, after); after is nil when there is none.
public func splitOnce(_ bytes: [UInt8], at separator: UInt8) -> ([UInt8], [UInt8]?) {
    guard let index = bytes.firstIndex(of: separator) else { return (bytes, nil) }
    return (Array(bytes[..<index]), Array(bytes[(index + 1)...]))
}

/// FNV-1a of `bytes`: a seed that is a function of the input alone.
public func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
    }
    return hash
}

/// Stops the fuzzer with a message (libFuzzer records the input as a crash).
public func fuzzFailure(_ message: String) -> Never {
    fatalError("fuzz check failed: \(message)")
}
