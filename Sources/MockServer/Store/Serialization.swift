import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The database file's and the responses' layout: pretty, 2 spaces, keys in their original order.
func prettyBytes(_ value: JSONValue) -> [UInt8] {
    var bytes: [UInt8] = []
    prettyWriter.write(value, into: &bytes)
    return bytes
}

private let prettyWriter = JSONWriter(layout: .pretty, indent: 2)

/// Appends pretty-printed JSON nested `extra` spaces deeper: a space run after every newline.
///
/// A raw newline byte only ever appears between tokens in pretty JSON (strings escape it), so this moves a
/// serialization to any nesting depth without re-serializing. Whole runs between newlines are copied at once
/// (`memchr`), as the file rewrite does for every item of a large collection.
func appendIndented(_ bytes: [UInt8], by extra: Int, to output: inout [UInt8]) {
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        var start = 0
        while start < buffer.count,
            let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
        {
            let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: next - start))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: extra))
            start = next
        }
        output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: buffer.count - start))
    }
}

/// A strong ETag from content: FNV-1a 64 of the bytes, as 16 hex digits in quotes.
func entityTag(_ bytes: some Sequence<UInt8>) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return "\"" + String(repeating: "0", count: 16 - digits.count) + digits + "\""
}
