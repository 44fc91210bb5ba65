/// `.[k]`, `.[a:b]`, `.[]` and `has(k)` with jq's rules and error wording.
enum QueryIndexing {
    /// jq 1.8's `jv_get`.
    static func index(_ target: JSONValue, _ key: JSONValue) throws(QueryError) -> JSONValue {
        switch (target, key) {
        case (.object(let object), .string(let name)):
            return object[name] ?? .null
        case (.array(let array), .number(let number)):
            guard let position = position(number, count: array.count) else { return .null }
            return array.indices.contains(position) ? array[position] : .null
        case (.array, .object(let bounds)), (.string, .object(let bounds)):
            return try slice(target, from: bounds["start"] ?? .null, to: bounds["end"] ?? .null)
        case (.array(let array), .array(let part)):
            return .array(indexes(of: part, in: array).map { .number(JSONNumber($0)) })
        case (.null, .string), (.null, .number), (.null, .object):
            return .null
        default:
            throw QueryError.runtime(
                "Cannot index \(target.typeName) with \(key.typeName) (\(QueryValueText.truncated(key)))")
        }
    }

    /// An array index as jq reads it: truncated toward zero, negative from the end; nil for NaN.
    static func position(_ number: JSONNumber, count: Int) -> Int? {
        let d = number.doubleValue
        if d.isNaN { return nil }
        var position = Int(Swift.max(Swift.min(d, 2147483647), -2147483648).rounded(.towardZero))
        if position < 0 { position += count }
        return position
    }

    /// `.[from:to]` on arrays and strings (by code point); null gives null. Bounds may be null, negative or fractional.
    static func slice(_ target: JSONValue, from: JSONValue, to: JSONValue) throws(QueryError) -> JSONValue {
        switch target {
        case .null:
            return .null
        case .array(let array):
            let (start, end) = try bounds(count: array.count, from: from, to: to, of: "an array")
            return .array(Array(array[start..<end]))
        case .string(let string):
            let scalars = Array(string.unicodeScalars)
            let (start, end) = try bounds(count: scalars.count, from: from, to: to, of: "a string")
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars[start..<end])
            return .string(String(result))
        default:
            throw QueryError.runtime("Cannot index \(target.typeName) with object")
        }
    }

    /// The values of an array or object, in order.
    static func iterate(_ target: JSONValue) throws(QueryError) -> [JSONValue] {
        switch target {
        case .array(let array): return array
        case .object(let object): return Array(object.values)
        default: throw QueryError.runtime("Cannot iterate over \(QueryValueText.described(target))")
        }
    }

    static func has(_ target: JSONValue, _ key: JSONValue) throws(QueryError) -> Bool {
        switch (target, key) {
        case (.null, _):
            return false
        case (.object(let object), .string(let name)):
            return object[name] != nil
        case (.array(let array), .number(let number)):
            let d = number.doubleValue
            return !d.isNaN && d >= 0 && d < Double(array.count)
        default:
            throw QueryError.runtime("Cannot check whether \(target.typeName) has a \(key.typeName) key")
        }
    }

    static func sliceBounds(count: Int, from: JSONValue, to: JSONValue) throws(QueryError) -> (Int, Int) {
        try bounds(count: count, from: from, to: to, of: "an array")
    }

    /// jq 1.8's `parse_slice`: the start rounds down, the end rounds up, both are clamped to the length; NaN
    /// means the whole range.
    private static func bounds(count: Int, from: JSONValue, to: JSONValue, of what: String) throws(QueryError) -> (
        Int, Int
    ) {
        let length = Double(count)
        let startValue = from.isNull ? JSONValue.number(JSONNumber(0)) : from
        let endValue = to.isNull ? JSONValue.number(JSONNumber(count)) : to
        guard case .number(let startNumber) = startValue, case .number(let endNumber) = endValue else {
            throw QueryError.runtime("Start and end indices of an array slice must be numbers")
        }
        var dstart = startNumber.doubleValue
        var dend = endNumber.doubleValue
        if dstart.isNaN { dstart = 0 }
        if dstart < 0 { dstart += length }
        if dstart < 0 { dstart = 0 }
        if dstart > length { dstart = length }
        let start = Int(dstart)
        if dend.isNaN { dend = length }
        if dend < 0 { dend += length }
        if dend < 0 { dend = Double(start) }
        var end = dend > length ? count : Int(dend)
        if end < count, Double(end) < dend { end += 1 }
        end = Swift.min(Swift.max(end, start), count)
        return (start, end)
    }

    /// Where `part` occurs in `array` as a run of consecutive elements (jq's `.[[...]]`, `indices`).
    private static func indexes(of part: [JSONValue], in array: [JSONValue]) -> [Int] {
        guard !part.isEmpty, part.count <= array.count else { return [] }
        return (0...(array.count - part.count)).filter { start in
            part.indices.allSatisfy { QueryOrdering.equal(array[start + $0], part[$0]) }
        }
    }
}
