/// `getpath`, `setpath` and `delpaths` with jq's rules (a path is an array of keys, indices and
/// `{"start": s, "end": e}` slices).
enum QueryPaths {
    static func get(_ value: JSONValue, _ path: ArraySlice<JSONValue>) throws(QueryError) -> JSONValue {
        guard let key = path.first else { return value }
        if value.isNull { return .null }
        return try get(try QueryIndexing.index(value, key), path.dropFirst())
    }

    static func set(_ value: JSONValue, _ path: ArraySlice<JSONValue>, _ newValue: JSONValue) throws(QueryError)
        -> JSONValue
    {
        guard let key = path.first else { return newValue }
        let child = value.isNull ? JSONValue.null : try QueryIndexing.index(value, key)
        return try setMember(value, key, try set(child, path.dropFirst(), newValue))
    }

    /// `target` with the member at `key` replaced.
    static func setMember(_ target: JSONValue, _ key: JSONValue, _ newValue: JSONValue) throws(QueryError)
        -> JSONValue
    {
        switch (target, key) {
        case (.object(var object), .string(let name)):
            object[name] = newValue
            return .object(object)
        case (.null, .string(let name)):
            return .object([JSONKey(name): newValue])
        case (.array(var array), .number(let number)):
            try setElement(&array, number, newValue)
            return .array(array)
        case (.null, .number(let number)):
            var array: [JSONValue] = []
            try setElement(&array, number, newValue)
            return .array(array)
        case (.array, .object(let bounds)), (.null, .object(let bounds)):
            var array = target.arrayValue ?? []
            guard case .array(let replacement) = newValue else {
                throw QueryError.runtime("A slice of an array can only be assigned another array")
            }
            let (start, end) = try QueryIndexing.sliceBounds(
                count: array.count, from: bounds["start"] ?? .null, to: bounds["end"] ?? .null)
            array.replaceSubrange(start..<end, with: replacement)
            return .array(array)
        case (.string, .object):
            throw QueryError.runtime("Cannot update string slices")
        default:
            throw QueryError.runtime("Cannot update field at \(key.typeName) index of \(target.typeName)")
        }
    }

    /// Arrays grow with nulls; a negative index counts from the end.
    private static func setElement(_ array: inout [JSONValue], _ number: JSONNumber, _ newValue: JSONValue)
        throws(QueryError)
    {
        let d = number.doubleValue
        guard !d.isNaN else { throw QueryError.runtime("Cannot set array element at NaN index") }
        var position = Int(max(min(d, 2147483647), -2147483648).rounded(.towardZero))
        if position < 0 {
            position += array.count
            if position < 0 { throw QueryError.runtime("Out of bounds negative array index") }
        }
        guard position < maximumArrayLength else { throw QueryError.runtime("Array index too large") }
        if position >= array.count { array.append(contentsOf: repeatElement(.null, count: position - array.count + 1)) }
        array[position] = newValue
    }

    /// The longest array `setpath` may create by index (jq 1.8 refuses indices this large too).
    static let maximumArrayLength = 1 << 29

    /// jq 1.8's `jv_delpaths`: the paths sorted, then each level's keys deleted together (so `del(.[1], .[2])`
    /// removes the elements that were at 1 and 2).
    static func delete(_ value: JSONValue, _ paths: [JSONValue]) throws(QueryError) -> JSONValue {
        var components: [[JSONValue]] = []
        for path in paths {
            guard case .array(let parts) = path else { throw QueryError.runtime("Path must be specified as an array") }
            components.append(parts)
        }
        components.sort { QueryOrdering.compare(.array($0), .array($1)) < 0 }
        if components.contains(where: \.isEmpty) { return .null }
        return try deleteSorted(value, components[...])
    }

    /// `paths` sorted and not empty.
    private static func deleteSorted(_ value: JSONValue, _ paths: ArraySlice<[JSONValue]>) throws(QueryError)
        -> JSONValue
    {
        var result = value
        var keys: [JSONValue] = []
        var index = paths.startIndex
        while index < paths.endIndex {
            let key = paths[index][0]
            var end = index + 1
            while end < paths.endIndex, QueryOrdering.equal(paths[end][0], key) { end += 1 }
            let group = paths[index..<end]
            if group.contains(where: { $0.count == 1 }) {
                keys.append(key)
            } else if !result.isNull {
                let child = try QueryIndexing.index(result, key)
                if !child.isNull {
                    let rest = group.map { Array($0.dropFirst()) }
                    result = try setMember(result, key, try deleteSorted(child, rest[...]))
                }
            }
            index = end
        }
        return try deleteKeys(result, keys)
    }

    /// jq's `jv_dels`: several keys of one array or object at once.
    private static func deleteKeys(_ value: JSONValue, _ keys: [JSONValue]) throws(QueryError) -> JSONValue {
        if keys.isEmpty { return value }
        switch value {
        case .null:
            return .null
        case .array(let array):
            var doomed = Set<Int>()
            for key in keys {
                switch key {
                case .number(let number):
                    let d = number.doubleValue
                    if d.isNaN { continue }
                    if let position = QueryIndexing.position(number, count: array.count), position >= 0 {
                        doomed.insert(position)
                    }
                case .object(let bounds):
                    let (start, end) = try QueryIndexing.sliceBounds(
                        count: array.count, from: bounds["start"] ?? .null, to: bounds["end"] ?? .null)
                    for position in start..<end { doomed.insert(position) }
                default:
                    throw QueryError.runtime("Cannot delete \(key.typeName) element of array")
                }
            }
            return .array(array.enumerated().filter { !doomed.contains($0.offset) }.map(\.element))
        case .object(var object):
            for key in keys {
                guard case .string(let name) = key else {
                    throw QueryError.runtime("Cannot delete \(key.typeName) field of object")
                }
                object.removeValue(forKey: JSONKey(name))
            }
            return .object(object)
        default:
            throw QueryError.runtime("Cannot delete fields from \(value.typeName)")
        }
    }
}
