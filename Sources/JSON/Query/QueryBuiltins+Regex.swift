import LinearRegex

/// `test`, `match`, `capture`, `scan`, `splits`, `sub`, `gsub` rest on `_match_impl(re; flags; test)`, matched in
/// linear time by LinearRegex. Flags: `g` all matches, `i` ignore case, `x` extended syntax, `n` ignore empty
/// matches, `s` single line, `p` (`s` and dot matches newline), `l` longest (accepted; the leftmost match is
/// returned), `m` dot matches newline.
extension QueryBuiltins {
    static let regex: [String: QueryNative] = [
        "_match_impl/3": .filter { call, emit throws(QueryError) in
            try call.cartesian { (arguments) throws(QueryError) in
                try emit(try match(call.input, arguments, call.interpreter), nil)
            }
        }
    ]

    private static func match(_ input: JSONValue, _ arguments: [JSONValue], _ interpreter: QueryInterpreter)
        throws(QueryError) -> JSONValue
    {
        guard case .string(let text) = input else {
            throw QueryError.runtime("\(QueryValueText.described(input)) cannot be matched, as it is not a string")
        }
        guard case .string(let source) = arguments[0] else {
            throw QueryError.runtime("\(QueryValueText.described(arguments[0])) is not a string")
        }
        var flags = ""
        switch arguments[1] {
        case .null: break
        case .string(let given): flags = given
        default: throw QueryError.runtime("\(QueryValueText.described(arguments[1])) is not a string")
        }
        var options: PatternOptions = []
        var global = false
        var skipEmpty = false
        for flag in flags {
            switch flag {
            case "g": global = true
            case "i": options.insert(.caseInsensitive)
            case "x": options.insert(.extended)
            case "n": skipEmpty = true
            case "s": break
            case "p", "m": options.insert(.dotMatchesLineTerminators)
            case "l": break
            default: throw QueryError.runtime("\(flags) is not a valid modifier string")
            }
        }
        let pattern: Pattern
        do {
            pattern = try interpreter.pattern(source, options)
        } catch {
            throw QueryError.runtime("\(source) (at offset \(error.offset)) is not a valid regex: \(error.reason)")
        }
        let testOnly = QueryOrdering.isTruthy(arguments[2])
        if testOnly { return .bool(pattern.isMatch(text)) }
        let found = global ? pattern.matches(in: text) : (pattern.firstMatch(in: text).map { [$0] } ?? [])
        let offsets = CodePointOffsets(text)
        var results: [JSONValue] = []
        for match in found {
            if skipEmpty && match.range.isEmpty { continue }
            results.append(matchObject(match, pattern, text, offsets))
        }
        return .array(results)
    }

    private static func matchObject(
        _ match: PatternMatch, _ pattern: Pattern, _ text: String, _ offsets: CodePointOffsets
    ) -> JSONValue {
        let utf8 = Array(text.utf8)
        func piece(_ range: Range<Int>) -> String { String(decoding: utf8[range], as: UTF8.self) }
        var captures: [JSONValue] = []
        for group in 1..<max(1, match.groups.count) {
            let name: JSONValue = pattern.captureNames[group].map(JSONValue.string) ?? .null
            if let range = match.groups[group] {
                captures.append(
                    .object([
                        "offset": number(offsets.offset(range.lowerBound)),
                        "length": number(offsets.offset(range.upperBound) - offsets.offset(range.lowerBound)),
                        "string": .string(piece(range)), "name": name,
                    ]))
            } else {
                captures.append(.object(["offset": number(-1), "length": number(0), "string": .null, "name": name]))
            }
        }
        let range = match.range
        return .object([
            "offset": number(offsets.offset(range.lowerBound)),
            "length": number(offsets.offset(range.upperBound) - offsets.offset(range.lowerBound)),
            "string": .string(piece(range)), "captures": .array(captures),
        ])
    }
}

/// UTF-8 byte offsets to code point offsets.
struct CodePointOffsets {
    /// For each byte offset (and the end), the number of scalars that start before it.
    private var table: [Int] = []

    init(_ text: String) {
        var count = 0
        table.reserveCapacity(text.utf8.count + 1)
        for byte in text.utf8 {
            table.append(count)
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        table.append(count)
    }

    func offset(_ byte: Int) -> Int { table[min(max(byte, 0), table.count - 1)] }
}

extension QueryInterpreter {
    /// Compiled patterns by source and options, so a filter over many values compiles each pattern once.
    func pattern(_ source: String, _ options: PatternOptions) throws(PatternError) -> Pattern {
        let key = "\(options.rawValue):\(source)"
        if let cached = patterns[key] { return cached }
        let pattern = try Pattern(source, options: options)
        if patterns.count > 256 { patterns.removeAll() }
        patterns[key] = pattern
        return pattern
    }
}
