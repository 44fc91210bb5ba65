import Support

extension RequestURL {
    /// Bytes a path may hold as they are (RFC 3986 `pchar` and `/`), besides `%` escapes.
    static let pathBytes = byteSet("-._~!$&'()*+,;=:@/")
    /// Bytes a query may hold as they are: those of a path and `?`.
    static let queryBytes = byteSet("-._~!$&'()*+,;=:@/?")

    private static func byteSet(_ extra: String) -> [Bool] {
        var allowed = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { allowed[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { allowed[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { allowed[Int(byte)] = true }
        for byte in extra.utf8 { allowed[Int(byte)] = true }
        return allowed
    }

    /// RFC 3986 section 5.2.4 on literal `.` and `..` segments: `/a/./b/../c` is `/a/c`, `/../x` is `/x`.
    static func removingDotSegments(_ path: String) -> String {
        guard hasDotSegment(path) else { return path }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (offset, segment) in segments.enumerated() where !(absolute && offset == 0) {
            let isLast = offset == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    /// Whether a segment of the path is `.` or `..` (most paths have none: they are returned as they are).
    static func hasDotSegment(_ path: String) -> Bool {
        var length = 0
        var dotsOnly = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length > 0, length <= 2, dotsOnly { return true }
                length = 0
                dotsOnly = true
            } else {
                length += 1
                if byte != UInt8(ascii: ".") { dotsOnly = false }
            }
        }
        return length > 0 && length <= 2 && dotsOnly
    }

    /// Percent-encodes what `allowed` does not admit, decodes escapes of unreserved characters, upper-cases the hex
    /// of the others, and encodes a `%` that starts no escape as `%25`.
    static func normalise(_ text: String, allowing allowed: [Bool]) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                {
                    let decoded = high << 4 | low
                    if isUnreserved(decoded) {
                        out.append(decoded)
                    } else {
                        out += [UInt8(ascii: "%"), hexDigits[Int(high)], hexDigits[Int(low)]]
                    }
                    index += 3
                    continue
                }
                out += Array("%25".utf8)
            } else if allowed[Int(byte)] {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}

public enum URLParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingScheme(String)
    case unsupportedScheme(String)
    case missingHost(String)
    case badHost(String)
    case badPort(String)

    public var description: String {
        switch self {
        case .missingScheme(let url): "'\(url)' has no scheme: expected http:// or https://"
        case .unsupportedScheme(let scheme): "unsupported URL scheme '\(scheme)': use http:// or https://"
        case .missingHost(let url): "'\(url)' has no host"
        case .badHost(let host): "bad host '\(host)' (an IPv6 address goes in brackets: http://[::1]:3000/)"
        case .badPort(let port): "bad port '\(port)': expected 0 to 65535"
        }
    }
}
