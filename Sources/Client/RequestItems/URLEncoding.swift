/// Percent-encodes a query-string key or value: RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) are kept,
/// every other UTF-8 byte becomes `%XX` (upper-case hex), so a space is `%20`.
public func urlEncodeQueryComponent(_ s: String) -> String {
    percentEncode(s, spaceAsPlus: false)
}

/// Encodes a key or value for an `application/x-www-form-urlencoded` body: like `urlEncodeQueryComponent`, except
/// that a space is `+` (as browsers and Python's `urlencode` do).
public func formURLEncode(_ s: String) -> String {
    percentEncode(s, spaceAsPlus: true)
}

/// A whole `application/x-www-form-urlencoded` body: `k1=v1&k2=v2`, fields in order.
public func formURLEncodedBody(_ fields: [(String, String)]) -> String {
    fields.map { formURLEncode($0.0) + "=" + formURLEncode($0.1) }.joined(separator: "&")
}

private func percentEncode(_ s: String, spaceAsPlus: Bool) -> String {
    let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count)
    for byte in s.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            out.append(byte)
        case UInt8(ascii: " ") where spaceAsPlus:
            out.append(UInt8(ascii: "+"))
        default:
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
    }
    return String(decoding: out, as: UTF8.self)
}
