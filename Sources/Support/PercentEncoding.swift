/// Percent-encodes a path segment or a query component: RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// and the bytes of `extra` are kept, every other UTF-8 byte becomes `%XX` (upper-case hex); with `spaceAsPlus`
/// (a form body) a space is `+`.
public func percentEncoded(_ text: String, keeping extra: Set<UInt8> = [], spaceAsPlus: Bool = false) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            output.append(byte)
        case UInt8(ascii: " ") where spaceAsPlus:
            output.append(UInt8(ascii: "+"))
        case _ where extra.contains(byte):
            output.append(byte)
        default:
            output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }
    return String(decoding: output, as: UTF8.self)
}
