#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sort keys that are all strings, as their UTF-8 bytes side by side in one buffer: comparing two is one `memcmp`
/// (jq orders strings by code point, which is UTF-8 byte order), with no reference counting.
struct StringKeys {
    private var bytes: [UInt8] = []
    /// Where each key starts in `bytes`; the key `k` ends where `k + 1` starts.
    private var starts: [Int] = []

    /// Nil unless every key is a string, or every key an array of one string (as `sort_by(f)` makes them: arrays
    /// of one element are in the order of their elements).
    init?(_ pairs: [(key: JSONValue, value: JSONValue)]) {
        guard let first = pairs.first?.key else { return nil }
        let wrapped: Bool
        if case .array = first { wrapped = true } else { wrapped = false }
        starts.reserveCapacity(pairs.count + 1)
        for pair in pairs {
            let key: String
            switch pair.key {
            case .string(let string) where !wrapped: key = string
            case .array(let items) where wrapped && items.count == 1:
                guard case .string(let string) = items[0] else { return nil }
                key = string
            default: return nil
            }
            starts.append(bytes.count)
            bytes.append(contentsOf: key.utf8)
        }
        starts.append(bytes.count)
    }

    /// Sorts `order` (positions of keys) by key, ties by position.
    func sort(_ order: inout [Int]) {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                let base = bytes.baseAddress
                order.sort { a, b in
                    let aCount = starts[a + 1] - starts[a]
                    let bCount = starts[b + 1] - starts[b]
                    let shared = min(aCount, bCount)
                    if shared > 0, let base {
                        let order = memcmp(base + starts[a], base + starts[b], shared)
                        if order != 0 { return order < 0 }
                    }
                    return aCount != bCount ? aCount < bCount : a < b
                }
            }
        }
    }
}
