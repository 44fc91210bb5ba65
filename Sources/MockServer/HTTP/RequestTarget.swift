/// A request path split into percent-decoded segments: `/users/1` → `["users", "1"]`.
///
/// A trailing slash is ignored; empty segments (`//`) are kept so `/users//1` does not look like `/users/1`.
struct RequestTarget {
    let segments: [String]

    init(path: String) {
        var pieces = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if pieces.last == "" { pieces = pieces.dropLast() }
        segments = pieces.map { percentDecoded($0, plusAsSpace: false) }
    }
}

/// Percent-encodes a path segment or query component: only unreserved characters stay as they are.
func percentEncoded(_ text: String, keeping extra: Set<UInt8> = []) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            output.append(byte)
        default:
            if extra.contains(byte) {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
    }
    return String(decoding: output, as: UTF8.self)
}
