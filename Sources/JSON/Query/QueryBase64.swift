/// Base64 (RFC 4648, with padding) and base32 for `@base64`, `@base64d`, `@base32`, `@base32d`.
enum QueryBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let alphabet32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// jq's decoder: padding optional, stops at the first `=`; a trailing lone 6 bits is an error.
    static func decode(_ string: String) throws(QueryError) -> String {
        var bits: UInt32 = 0
        var count = 0
        var out: [UInt8] = []
        var sextets = 0
        for byte in string.utf8 {
            if byte == UInt8(ascii: "=") { break }
            guard let value = alphabet.firstIndex(of: byte) else {
                throw QueryError.runtime("\(QueryValueText.described(.string(string))) is not valid base64 data")
            }
            sextets += 1
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
            }
        }
        if sextets % 4 == 1 {
            throw QueryError.runtime(
                "\(QueryValueText.described(.string(string))) trailing base64 byte found")
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func encode32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var bits: UInt64 = 0
        var count = 0
        for byte in bytes {
            bits = bits << 8 | UInt64(byte)
            count += 8
            while count >= 5 {
                count -= 5
                out.append(alphabet32[Int(bits >> UInt64(count) & 31)])
            }
        }
        if count > 0 { out.append(alphabet32[Int(bits << UInt64(5 - count) & 31)]) }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode32(_ string: String) throws(QueryError) -> String {
        var bits: UInt64 = 0
        var count = 0
        var out: [UInt8] = []
        for byte in string.utf8 {
            if byte == UInt8(ascii: "=") { break }
            guard let value = alphabet32.firstIndex(of: byte) else {
                throw QueryError.runtime("\(QueryValueText.described(.string(string))) is not valid base32 data")
            }
            bits = bits << 5 | UInt64(value)
            count += 5
            if count >= 8 {
                count -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt64(count)))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
