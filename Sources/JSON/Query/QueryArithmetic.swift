/// `+ - * / %`, unary minus and the comparison operators, with jq's rules for each pair of types.
enum QueryArithmetic {
    static func apply(_ op: QueryOperator, _ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        switch op {
        case .equal: return .bool(QueryOrdering.compare(a, b) == 0)
        case .notEqual: return .bool(QueryOrdering.compare(a, b) != 0)
        case .less: return .bool(QueryOrdering.compare(a, b) < 0)
        case .lessOrEqual: return .bool(QueryOrdering.compare(a, b) <= 0)
        case .greater: return .bool(QueryOrdering.compare(a, b) > 0)
        case .greaterOrEqual: return .bool(QueryOrdering.compare(a, b) >= 0)
        case .add: return try add(a, b)
        case .subtract: return try subtract(a, b)
        case .multiply: return try multiply(a, b)
        case .divide: return try divide(a, b)
        case .modulo: return try modulo(a, b)
        }
    }

    static func add(_ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        switch (a, b) {
        case (.null, _): return b
        case (_, .null): return a
        case (.number(let x), .number(let y)): return QueryNumber.value(x.doubleValue + y.doubleValue)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.array(let x), .array(let y)): return .array(x + y)
        case (.object(var x), .object(let y)):
            for (key, value) in y { x[key] = value }
            return .object(x)
        default: throw failure(a, b, "cannot be added")
        }
    }

    static func subtract(_ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return QueryNumber.value(x.doubleValue - y.doubleValue)
        case (.array(let x), .array(let y)):
            return .array(x.filter { element in !y.contains { QueryOrdering.equal(element, $0) } })
        default:
            throw failure(a, b, "cannot be subtracted")
        }
    }

    static func multiply(_ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return QueryNumber.value(x.doubleValue * y.doubleValue)
        case (.string(let s), .number(let n)), (.number(let n), .string(let s)):
            return try repeated(s, n.doubleValue)
        case (.object(let x), .object(let y)):
            return .object(deepMerge(x, y))
        default:
            throw failure(a, b, "cannot be multiplied")
        }
    }

    static func divide(_ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if y.doubleValue == 0 { throw failure(a, b, "cannot be divided because the divisor is zero") }
            return QueryNumber.value(x.doubleValue / y.doubleValue)
        case (.string(let s), .string(let separator)):
            return .array(split(s, by: separator).map(JSONValue.string))
        default:
            throw failure(a, b, "cannot be divided")
        }
    }

    /// jq 1.8: both sides clamped to 64-bit integers (infinities to the extremes), the sign follows the dividend;
    /// NaN gives NaN.
    static func modulo(_ a: JSONValue, _ b: JSONValue) throws(QueryError) -> JSONValue {
        guard case .number(let x) = a, case .number(let y) = b else {
            throw failure(a, b, "cannot be divided (remainder)")
        }
        let (na, nb) = (x.doubleValue, y.doubleValue)
        if na.isNaN || nb.isNaN { return QueryNumber.value(.nan) }
        let divisor = clampedInt64(nb)
        if divisor == 0 { throw failure(a, b, "cannot be divided (remainder) because the divisor is zero") }
        if divisor == -1 { return .number(JSONNumber(0)) }
        return .number(JSONNumber(Int(clampedInt64(na) % divisor)))
    }

    /// jq's `dtoi`.
    private static func clampedInt64(_ d: Double) -> Int64 {
        if d < -9.223372036854775808e18 { return .min }
        if d >= 9.223372036854775808e18 { return .max }
        return Int64(d)
    }

    static func negate(_ value: JSONValue) throws(QueryError) -> JSONValue {
        guard case .number(let number) = value else {
            throw QueryError.runtime("\(QueryValueText.described(value)) cannot be negated")
        }
        // Flip the sign on the literal: exact for every number, however long.
        if number.isNaN { return value }
        let literal = number.literal
        return .number(JSONNumber(literal: literal.hasPrefix("-") ? String(literal.dropFirst()) : "-" + literal))
    }

    /// The longest string `"ab" * n` may make: jq 1.6 has no limit, but a number read from a response must not
    /// make api allocate gigabytes (`"x" * 1e9` ran out of memory; found by fuzzing).
    static let maximumRepeatedBytes = 64 << 20

    /// jq 1.8: `"ab" * n` repeats the string `n` times (the fraction dropped), a negative count gives null. A
    /// result longer than `maximumRepeatedBytes` is jq's "Repeat string result too long".
    private static func repeated(_ string: String, _ count: Double) throws(QueryError) -> JSONValue {
        if count < 0 || count.isNaN { return .null }
        let times = count >= 2147483647 ? 2147483647 : Int(count)
        let length = string.utf8.count
        if length == 0 || times == 0 { return .string("") }
        guard times <= maximumRepeatedBytes / length else { throw QueryError.runtime("Repeat string result too long") }
        return .string(String(repeating: string, count: times))
    }

    private static func deepMerge(_ x: JSONObject, _ y: JSONObject) -> JSONObject {
        var merged = x
        for (key, value) in y {
            if case .object(let left)? = merged[key], case .object(let right) = value {
                merged[key] = .object(deepMerge(left, right))
            } else {
                merged[key] = value
            }
        }
        return merged
    }

    /// jq's `jv_string_split`: an empty string gives `[]`, an empty separator splits into characters (bytes in jq,
    /// code points here). Matching code points is matching UTF-8 bytes, as jq does.
    private static func split(_ string: String, by separator: String) -> [String] {
        let scalars = Array(string.unicodeScalars)
        if scalars.isEmpty { return [] }
        let needle = Array(separator.unicodeScalars)
        if needle.isEmpty { return scalars.map { String($0) } }
        var parts: [String] = []
        var partStart = 0
        var position = 0
        while position + needle.count <= scalars.count {
            if scalars[position..<position + needle.count].elementsEqual(needle) {
                parts.append(text(scalars[partStart..<position]))
                position += needle.count
                partStart = position
            } else {
                position += 1
            }
        }
        parts.append(text(scalars[partStart...]))
        return parts
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func failure(_ a: JSONValue, _ b: JSONValue, _ what: String) -> QueryError {
        QueryError.runtime("\(QueryValueText.described(a)) and \(QueryValueText.described(b)) \(what)")
    }
}
