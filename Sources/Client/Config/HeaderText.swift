/// Checks for text that becomes part of a request's head (header values, URLs, credentials): a CR, LF or NUL in it
/// would end the header early and inject others, so such text is refused wherever it is read.
public func containsLineBreak(_ text: String) -> Bool {
    text.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0 }
}

/// Whether `name` is a header field name (an RFC 9110 token).
public func isHeaderName(_ name: String) -> Bool {
    !name.isEmpty
        && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
}
