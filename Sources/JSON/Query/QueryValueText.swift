/// Values as jq shows them inside error messages: `number (5)`, `string ("abcdefghij...)` (compact JSON cut to
/// 11 characters plus `...` when longer than 14, as jq 1.6 does).
enum QueryValueText {
    static func described(_ value: JSONValue) -> String {
        "\(value.typeName) (\(truncated(value)))"
    }

    static func truncated(_ value: JSONValue, limit: Int = 11) -> String {
        var text = ""
        write(value, to: &text)
        let scalars = text.unicodeScalars
        guard scalars.count > limit + 3 else { return text }
        var cut = String.UnicodeScalarView(scalars.prefix(limit))
        cut.append(contentsOf: "...".unicodeScalars)
        return String(cut)
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
