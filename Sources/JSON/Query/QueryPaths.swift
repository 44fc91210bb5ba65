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
        case (.object, _):
            throw QueryError.runtime("Cannot index object with \(key.typeName)")
        case (.array, .string(let name)):
            throw QueryError.runtime("Cannot index array with \"\(name)\"")
        case (.array, _):
            throw QueryError.runtime("Cannot update field at object index of array")
        default:
            throw QueryError.runtime("Cannot index \(target.typeName) with \(key.typeName)")
        }
    }

    /// Arrays grow with nulls; a negative index counts from the end.
    private static func setElement(_ array: inout [JSONValue], _ number: JSONNumber, _ newValue: JSONValue)
        throws(QueryError)
    {
        let d = number.doubleValue
        guard d.isFinite else { throw QueryError.runtime("Out of bounds array index") }
        var position = QueryNumber.truncatedInt32(d)
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

    static func delete(_ value: JSONValue, _ paths: [JSONValue]) throws(QueryError) -> JSONValue {
        var sorted = paths
        sorted.sort { QueryOrdering.compare($0, $1) < 0 }
        var result = value
        for path in sorted.reversed() {
            guard case .array(let components) = path else {
                throw QueryError.runtime("Path must be specified as an array")
            }
            result = try delete(result, components[...])
        }
        return result
    }

    private static func delete(_ value: JSONValue, _ path: ArraySlice<JSONValue>) throws(QueryError) -> JSONValue {
        guard let key = path.first else { return .null }
        if value.isNull { return .null }
        if path.count == 1 { return try deleteMember(value, key) }
        let child = try QueryIndexing.index(value, key)
        if child.isNull, !hasMember(value, key) { return value }
        return try setMember(value, key, try delete(child, path.dropFirst()))
    }

    private static func hasMember(_ value: JSONValue, _ key: JSONValue) -> Bool {
        switch (value, key) {
        case (.object(let object), .string(let name)): return object[name] != nil
        case (.array(let array), .number(let number)):
            var position = QueryNumber.truncatedInt32(number.doubleValue)
            if position < 0 { position += array.count }
            return array.indices.contains(position)
        case (.array, .object): return true
        default: return false
        }
    }

    private static func deleteMember(_ value: JSONValue, _ key: JSONValue) throws(QueryError) -> JSONValue {
        switch (value, key) {
        case (.object(var object), .string(let name)):
            object.removeValue(forKey: JSONKey(name))
            return .object(object)
        case (.array(var array), .number(let number)):
            var position = QueryNumber.truncatedInt32(number.doubleValue)
            if position < 0 {
                position += array.count
                if position < 0 { throw QueryError.runtime("Out of bounds negative array index") }
            }
            if position < array.count { array.remove(at: position) }
            return .array(array)
        case (.array(var array), .object(let bounds)):
            let (start, end) = try QueryIndexing.sliceBounds(
                count: array.count, from: bounds["start"] ?? .null, to: bounds["end"] ?? .null)
            array.removeSubrange(start..<end)
            return .array(array)
        case (.object, _):
            throw QueryError.runtime("Cannot delete field at \(key.typeName) index of object")
        case (.array, .string):
            throw QueryError.runtime("Cannot delete field at object index of array")
        default:
            throw QueryError.runtime("Cannot delete field at index of \(value.typeName)")
        }
    }
}
