/// String builtins.
extension QueryBuiltins {
    static func string(_ value: JSONValue, _ what: String) throws(QueryError) -> String {
        guard case .string(let string) = value else {
            throw QueryError.runtime("\(QueryValueText.described(value)) \(what)")
        }
        return string
    }

    private static func trimmable(_ value: JSONValue) throws(QueryError) -> String {
        guard case .string(let string) = value else { throw QueryError.runtime("trim input must be a string") }
        return string
    }

    static let strings: [String: QueryNative] = [
        "startswith/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input, case .string(let prefix) = arguments[0] else {
                throw QueryError.runtime("startswith() requires string inputs")
            }
            return .bool(s.utf8.starts(with: prefix.utf8))
        },
        "endswith/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input, case .string(let suffix) = arguments[0] else {
                throw QueryError.runtime("endswith() requires string inputs")
            }
            return .bool(s.utf8.reversed().starts(with: suffix.utf8.reversed()))
        },
        "ltrimstr/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input, case .string(let prefix) = arguments[0] else {
                throw QueryError.runtime("startswith() requires string inputs")
            }
            guard s.utf8.starts(with: prefix.utf8) else { return input }
            return .string(String(decoding: s.utf8.dropFirst(prefix.utf8.count), as: UTF8.self))
        },
        "rtrimstr/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input, case .string(let suffix) = arguments[0] else {
                throw QueryError.runtime("endswith() requires string inputs")
            }
            guard s.utf8.reversed().starts(with: suffix.utf8.reversed()) else { return input }
            return .string(String(decoding: s.utf8.dropLast(suffix.utf8.count), as: UTF8.self))
        },
        "trimstr/1": .value { input, arguments throws(QueryError) in
            guard case .string(var s) = input, case .string(let part) = arguments[0] else { return input }
            if s.utf8.starts(with: part.utf8) { s = String(decoding: s.utf8.dropFirst(part.utf8.count), as: UTF8.self) }
            if s.utf8.reversed().starts(with: part.utf8.reversed()) {
                s = String(decoding: s.utf8.dropLast(part.utf8.count), as: UTF8.self)
            }
            return .string(s)
        },
        "trim/0": .value { input, _ throws(QueryError) in
            .string(QueryStrings.trim(try trimmable(input), leading: true, trailing: true))
        },
        "ltrim/0": .value { input, _ throws(QueryError) in
            .string(QueryStrings.trim(try trimmable(input), leading: true, trailing: false))
        },
        "rtrim/0": .value { input, _ throws(QueryError) in
            .string(QueryStrings.trim(try trimmable(input), leading: false, trailing: true))
        },
        "split/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input, case .string(let separator) = arguments[0] else {
                throw QueryError.runtime("split input and separator must be strings")
            }
            return try QueryArithmetic.divide(.string(s), .string(separator))
        },
        "explode/0": .value { input, _ throws(QueryError) in
            let s = try string(input, "cannot be exploded, must be a string")
            return .array(s.unicodeScalars.map { number(Int($0.value)) })
        },
        "implode/0": .value { input, _ throws(QueryError) in
            guard case .array(let codes) = input else { throw QueryError.runtime("implode input must be an array") }
            var view = String.UnicodeScalarView()
            for code in codes {
                guard case .number(let n) = code, !n.isNaN else {
                    throw QueryError.runtime(
                        "\(QueryValueText.described(code)) can't be imploded, unicode codepoint needs to be numeric")
                }
                let d = n.doubleValue
                // jq 1.8: out-of-range code points and surrogates become U+FFFD; fractions round down.
                guard d >= 0, d <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(d)) else {
                    view.append("\u{FFFD}")
                    continue
                }
                view.append(scalar)
            }
            return .string(String(view))
        },
        "ascii_downcase/0": .value { input, _ throws(QueryError) in
            let s = try string(input, "cannot be lowercased, must be a string")
            return .string(String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
        },
        "ascii_upcase/0": .value { input, _ throws(QueryError) in
            let s = try string(input, "cannot be uppercased, must be a string")
            return .string(String(decoding: s.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self))
        },
        "_strindices/1": .value { input, arguments throws(QueryError) in
            guard case .string(let s) = input else {
                throw QueryError.runtime("\(QueryValueText.described(input)) cannot be searched, as it is not a string")
            }
            guard case .string(let needle) = arguments[0] else {
                throw QueryError.runtime("\(QueryValueText.described(arguments[0])) is not a string")
            }
            return .array(QueryStrings.indices(of: needle, in: s, bytes: false).map { number($0) })
        },
        "indices/1": .value { input, arguments throws(QueryError) in try indices(input, arguments[0]) },
        "index/1": .value { input, arguments throws(QueryError) in
            let all = try indices(input, arguments[0])
            if case .array(let items) = all { return items.first ?? .null }
            return .null
        },
        "rindex/1": .value { input, arguments throws(QueryError) in
            let all = try indices(input, arguments[0])
            if case .array(let items) = all { return items.last ?? .null }
            return .null
        },
        "join/1": .value { input, arguments throws(QueryError) in
            let separator = arguments[0]
            var result: JSONValue = .null
            for item in try QueryIndexing.iterate(input) {
                let text: JSONValue
                switch item {
                case .null: text = .string("")
                case .bool, .number: text = .string(QueryFormats.text(item))
                default: text = item  // strings; anything else fails to add, with jq's message
                }
                if result.isNull {
                    result = text
                } else {
                    result = try QueryArithmetic.add(try QueryArithmetic.add(result, separator), text)
                }
            }
            return result.isNull ? .string("") : result
        },
        "tojson/1": .value { input, _ throws(QueryError) in .string(QueryFormats.json(input)) },
    ]

    /// `indices`: positions of a substring (code points), of an element, or of a sub-array.
    static func indices(_ input: JSONValue, _ target: JSONValue) throws(QueryError) -> JSONValue {
        switch (input, target) {
        case (.null, _), (_, .null): return .null
        case (.string(let s), .string(let needle)):
            return .array(QueryStrings.indices(of: needle, in: s, bytes: false).map { number($0) })
        case (.array, .array):
            return try QueryIndexing.index(input, target)
        case (.array, _):
            return try QueryIndexing.index(input, .array([target]))
        default:
            return try QueryIndexing.index(input, target)
        }
    }
}

enum QueryStrings {
    /// Start offsets of `needle` in `haystack` (overlapping), in code points or in UTF-8 bytes.
    static func indices(of needle: String, in haystack: String, bytes: Bool) -> [Int] {
        let h = Array(haystack.utf8)
        let n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= h.count else { return [] }
        var result: [Int] = []
        var scalarOffset = 0
        for start in 0...(h.count - n.count) {
            if h[start] & 0xC0 != 0x80 {
                if h[start..<start + n.count].elementsEqual(n) { result.append(bytes ? start : scalarOffset) }
                scalarOffset += 1
            }
        }
        return result
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func trim(_ string: String, leading: Bool, trailing: Bool) -> String {
        var scalars = Array(string.unicodeScalars)[...]
        if leading { while let first = scalars.first, isSpace(first) { scalars.removeFirst() } }
        if trailing { while let last = scalars.last, isSpace(last) { scalars.removeLast() } }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
