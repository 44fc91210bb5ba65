/// Values as jq shows them inside error messages: `number (5)`, `string ("abcdefghijklmnopqrstuvwx...")` (compact
/// JSON cut as jq 1.8 cuts it).
enum QueryValueText {
    static func described(_ value: JSONValue) -> String {
        "\(value.typeName) (\(truncated(value)))"
    }

    /// jq 1.8's `jv_dump_string_trunc` with its 30-byte buffer: compact JSON, cut to 25 or 26 bytes plus `...`
    /// and the closing quote or bracket when longer than 29 bytes.
    static func truncated(_ value: JSONValue, limit: Int = 30) -> String {
        var text = ""
        write(value, to: &text)
        let bytes = Array(text.utf8)
        guard bytes.count > limit - 1 else { return text }
        let delimiter: UInt8?
        switch bytes.first {
        case UInt8(ascii: "\""): delimiter = UInt8(ascii: "\"")
        case UInt8(ascii: "["): delimiter = UInt8(ascii: "]")
        case UInt8(ascii: "{"): delimiter = UInt8(ascii: "}")
        default: delimiter = nil
        }
        var length = limit - (delimiter == nil ? 4 : 5)
        while length > 0, bytes[length] & 0xC0 == 0x80 { length -= 1 }
        var cut = Array(bytes[0..<length]) + Array("...".utf8)
        if let delimiter { cut.append(delimiter) }
        return String(decoding: cut, as: UTF8.self)
    }

    static func write(_ value: JSONValue, to text: inout String) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += number.isNaN ? "null" : number.printedLiteral
        case .string(let string): writeString(string, to: &text)
        case .array(let array):
            text += "["
            for (offset, element) in array.enumerated() {
                if offset > 0 { text += "," }
                write(element, to: &text)
            }
            text += "]"
        case .object(let object):
            text += "{"
            for (offset, (key, element)) in object.enumerated() {
                if offset > 0 { text += "," }
                writeString(key.string, to: &text)
                text += ":"
                write(element, to: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
