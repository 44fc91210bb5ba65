import Support

/// `@text @json @html @uri @urid @csv @tsv @sh @base64 @base64d @base32 @base32d`, alone or before a string
/// (`@base64 "x\(.a)"` formats each interpolated value).
enum QueryFormats {
    static let names: Set<String> = [
        "text", "json", "html", "uri", "urid", "csv", "tsv", "sh", "base64", "base64d", "base32", "base32d",
    ]

    static func apply(_ name: String, _ value: JSONValue) throws(QueryError) -> String {
        switch name {
        case "text": return text(value)
        case "json": return json(value)
        case "html": return html(text(value))
        case "uri": return uri(text(value))
        case "urid": return try urid(text(value))
        case "csv": return try csv(value)
        case "tsv": return try tsv(value)
        case "sh": return try shell(value)
        case "base64": return QueryBase64.encode(Array(text(value).utf8))
        case "base64d": return try QueryBase64.decode(text(value))
        case "base32": return QueryBase64.encode32(Array(text(value).utf8))
        case "base32d": return try QueryBase64.decode32(text(value))
        default: throw QueryError.runtime("\(name) is not a valid format")
        }
    }

    /// `tostring`: strings as they are, anything else as compact JSON.
    static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return json(value)
    }

    static func json(_ value: JSONValue) -> String { JSONWriter.compact.string(value) }

    private static func html(_ string: String) -> String {
        var out = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "'": out += "&apos;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// jq's `@uri`: unreserved characters kept, every other UTF-8 byte `%XX`.
    private static func uri(_ string: String) -> String { percentEncoded(string) }

    private static func urid(_ string: String) throws(QueryError) -> String {
        let bytes = Array(string.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count + 0, index + 2 <= bytes.count - 1,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw QueryError.runtime("\(QueryValueText.described(.string(string))) is not a valid uri encoding")
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        guard let decoded = String(validating: out, as: UTF8.self) else {
            throw QueryError.runtime("\(QueryValueText.described(.string(string))) is not a valid uri encoding")
        }
        return decoded
    }

    private static func row(_ value: JSONValue, _ format: String) throws(QueryError) -> [JSONValue] {
        guard case .array(let items) = value else {
            throw QueryError.runtime(
                "\(QueryValueText.described(value)) cannot be \(format)-formatted, only an array can be")
        }
        return items
    }

    private static func csv(_ value: JSONValue) throws(QueryError) -> String {
        var fields: [String] = []
        for item in try row(value, "csv") {
            switch item {
            case .null: fields.append("")
            case .bool(let flag): fields.append(flag ? "true" : "false")
            case .number(let number): fields.append(number.isNaN ? "" : number.printedLiteral)
            case .string(let string): fields.append("\"" + string.replacingAll("\"", with: "\"\"") + "\"")
            default: throw QueryError.runtime("\(QueryValueText.described(item)) is not valid in a csv row")
            }
        }
        return fields.joined(separator: ",")
    }

    private static func tsv(_ value: JSONValue) throws(QueryError) -> String {
        var fields: [String] = []
        for item in try row(value, "tsv") {
            switch item {
            case .null: fields.append("")
            case .bool(let flag): fields.append(flag ? "true" : "false")
            case .number(let number): fields.append(number.isNaN ? "" : number.printedLiteral)
            case .string(let string):
                var out = ""
                for scalar in string.unicodeScalars {
                    switch scalar {
                    case "\\": out += "\\\\"
                    case "\t": out += "\\t"
                    case "\n": out += "\\n"
                    case "\r": out += "\\r"
                    default: out.unicodeScalars.append(scalar)
                    }
                }
                fields.append(out)
            default: throw QueryError.runtime("\(QueryValueText.described(item)) is not valid in a tsv row")
            }
        }
        return fields.joined(separator: "\t")
    }

    private static func shell(_ value: JSONValue) throws(QueryError) -> String {
        let items: [JSONValue]
        if case .array(let array) = value { items = array } else { items = [value] }
        var words: [String] = []
        for item in items {
            switch item {
            case .string(let string): words.append("'" + string.replacingAll("'", with: "'\\''") + "'")
            case .array, .object:
                throw QueryError.runtime("\(QueryValueText.described(item)) can not be escaped for shell")
            default: words.append(json(item))
            }
        }
        return words.joined(separator: " ")
    }
}

extension String {
    /// Every occurrence of `target` replaced (by Unicode scalars, no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let needle = Array(target.unicodeScalars)
        let scalars = Array(unicodeScalars)
        guard !needle.isEmpty else { return self }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if index + needle.count <= scalars.count, scalars[index..<index + needle.count].elementsEqual(needle) {
                out.append(contentsOf: replacement.unicodeScalars)
                index += needle.count
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }
}
