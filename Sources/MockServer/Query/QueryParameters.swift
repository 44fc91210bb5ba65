/// The `name=value` pairs of a URL query, in order, percent-decoded (`+` is a space).
///
/// Repeated names are kept as separate pairs: a filter that repeats a key is an OR of its values.
public struct QueryParameters: Sendable, Equatable {
    public var pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// Parses the text after `?` (without the `?`). Empty pieces (`a=1&&b=2`) are skipped.
    public init(query: Substring) {
        var pairs: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: "=") {
                pairs.append(
                    (
                        percentDecoded(piece[..<equals]),
                        percentDecoded(piece[piece.index(after: equals)...])
                    ))
            } else {
                pairs.append((percentDecoded(piece), ""))
            }
        }
        self.pairs = pairs
    }

    /// The last value given for `name`, if any.
    public subscript(name: String) -> String? {
        pairs.last(where: { $0.name == name })?.value
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Decodes `%XX` escapes and, in a query, `+` as a space; a malformed escape is kept as written.
func percentDecoded(_ text: Substring, plusAsSpace: Bool = true) -> String {
    let utf8 = text.utf8
    guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
        return String(text)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    var index = utf8.startIndex
    while index != utf8.endIndex {
        let byte = utf8[index]
        if plusAsSpace && byte == UInt8(ascii: "+") {
            bytes.append(UInt8(ascii: " "))
        } else if byte == UInt8(ascii: "%"),
            let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high != utf8.endIndex,
            let low = utf8.index(high, offsetBy: 1, limitedBy: utf8.endIndex), low != utf8.endIndex,
            let h = hexValue(utf8[high]), let l = hexValue(utf8[low])
        {
            bytes.append(h << 4 | l)
            index = low
        } else {
            bytes.append(byte)
        }
        index = utf8.index(after: index)
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
