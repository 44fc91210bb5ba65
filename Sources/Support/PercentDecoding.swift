/// `%XX` escapes decoded (invalid ones kept as written) and, with `plusAsSpace` (a query string or a form body),
/// `+` as a space; bytes that are not UTF-8 are replaced.
public func percentDecoded<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String {
    let plus: UInt8 = plusAsSpace ? UInt8(ascii: "+") : UInt8(ascii: "%")
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == plus }) else { return String(text) }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
            let low = hexValue(bytes[index + 2])
        {
            out.append(high << 4 | low)
            index += 3
        } else {
            out.append(plusAsSpace && bytes[index] == UInt8(ascii: "+") ? UInt8(ascii: " ") : bytes[index])
            index += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// The value of one hexadecimal digit, either case; nil for any other byte.
public func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
