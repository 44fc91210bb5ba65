/// `.[k]`, `.[a:b]`, `.[]` and `has(k)` with jq's rules and error wording.
enum QueryIndexing {
    static func index(_ target: JSONValue, _ key: JSONValue) throws(QueryError) -> JSONValue {
        switch (target, key) {
        case (.object(let object), .string(let name)):
            return object[name] ?? .null
        case (.array(let array), .number(let number)):
            let d = number.doubleValue
            guard QueryNumber.isInteger(d) else { return .null }
            var position = QueryNumber.truncatedInt32(d)
            if position < 0 { position += array.count }
            return array.indices.contains(position) ? array[position] : .null
        case (.array, .object(let bounds)), (.string, .object(let bounds)), (.null, .object(let bounds)):
            // jq needs both members present (null means "open"); a missing one fails like a non-number.
            return try slice(target, from: bounds["start"] ?? .bool(false), to: bounds["end"] ?? .bool(false))
        case (.array(let array), .array(let part)):
            return .array(indexes(of: part, in: array).map { .number(JSONNumber($0)) })
        case (.null, .string), (.null, .number):
            return .null
        case (_, .string(let name)) where name.utf8.count < 30:
            throw QueryError.runtime("cannot index \(target.typeName) with string \"\(name)\"")
        default:
            throw QueryError.runtime("cannot index \(target.typeName) with \(key.typeName)")
        }
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
            throw QueryError.runtime("cannot index \(target.typeName) with object")
        }
    }

    /// The values of an array or object, in order.
    static func iterate(_ target: JSONValue) throws(QueryError) -> [JSONValue] {
        switch target {
        case .array(let array): return array
        case .object(let object): return Array(object.values)
        default: throw QueryError.runtime("cannot iterate over \(QueryValueText.described(target))")
        }
    }

    static func has(_ target: JSONValue, _ key: JSONValue) throws(QueryError) -> Bool {
        switch (target, key) {
        case (.null, _):
            return false
        case (.object(let object), .string(let name)):
            return object[name] != nil
        case (.array(let array), .number(let number)):
            return array.indices.contains(QueryNumber.truncatedInt32(number.doubleValue))
        default:
            throw QueryError.runtime("cannot check whether \(target.typeName) has a \(key.typeName) key")
        }
    }

    /// jq's `parse_slice`: the start rounds down, the end rounds up, both are clamped to the length.
    static func sliceBounds(count: Int, from: JSONValue, to: JSONValue) throws(QueryError) -> (Int, Int) {
        try bounds(count: count, from: from, to: to, of: "an array")
    }

    private static func bounds(count: Int, from: JSONValue, to: JSONValue, of what: String) throws(QueryError) -> (
        Int, Int
    ) {
        let length = Double(count)
        let startValue = from.isNull ? JSONValue.number(JSONNumber(0)) : from
        let endValue = to.isNull ? JSONValue.number(JSONNumber(count)) : to
        guard case .number(let startNumber) = startValue, case .number(let endNumber) = endValue else {
            throw QueryError.runtime("start and end indices of \(what) slice must be numbers")
        }
        var dstart = startNumber.doubleValue
        var dend = endNumber.doubleValue
        if dstart < 0 { dstart += length }
        if dend < 0 { dend += length }
        if !(dstart >= 0) { dstart = 0 }
        if dstart > length { dstart = length }
        let start = Int(dstart)
        var end = dend > length ? count : (dend > 0 ? Int(dend) : 0)
        if Double(end) < dend { end += 1 }
        end = min(max(end, start), count)
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
