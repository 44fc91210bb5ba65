import JSON

/// Builds a JSON body from data items with HTTPie 3's nested-path rules.
///
/// Each item sets one value at its path, creating objects and arrays on the way: a key step needs an object, an
/// index or append step an array. `[N]` grows the array with nulls; an existing value at a key or index is kept and
/// must then have the right type (`a=1 a[b]=2` is an error naming the second item), except null, which is replaced
/// (HTTPie drops the whole body there, a bug). The last value set at a path wins.
///
/// The text of a raw JSON value (`:=`, `:=@`) is sent as given (`{"a":1,"a":2}` keeps both keys, `1e3` stays
/// `1e3`), unless a later item writes into it or over it; then the parsed value is sent.
struct NestedJSONBuilder {
    /// One step of a resolved path: `[]` is resolved to the index it appended.
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    /// The body so far: nil before the first item, then an object or a top-level array.
    private(set) var root: JSONValue?
    /// The raw text of each `:=` value still standing where it was set.
    private var rawValues: [[Step]: [UInt8]] = [:]

    mutating func set(_ item: RequestItem) throws(RequestItemError) {
        guard let path = try item.nestedJSONPath(), let value = item.dataValue else { return }
        let components = path.components
        var context = root ?? Self.emptyContainer(for: components[0])
        root = nil
        defer { root = context }
        var resolved: [Step] = []
        do {
            try Self.set(value, in: &context, path: path, step: 0, resolved: &resolved)
        } catch {
            throw RequestItemError(item: item.text, index: item.index, column: error.column, message: error.message)
        }
        if !rawValues.isEmpty {
            // A write at, above or inside a raw value replaces or changes it: send the parsed value from now on.
            rawValues = rawValues.filter { path, _ in !path.starts(with: resolved) && !resolved.starts(with: path) }
        }
        if let raw = item.rawJSON { rawValues[resolved] = raw }
    }

    /// The body as sent: compact JSON, with the raw text of the `:=` values that still stand.
    var bytes: [UInt8]? {
        guard let root else { return nil }
        if rawValues.isEmpty { return root.compactBytes }
        var out: [UInt8] = []
        var path: [Step] = []
        write(root, path: &path, into: &out)
        return out
    }

    private func write(_ value: JSONValue, path: inout [Step], into out: inout [UInt8]) {
        if let raw = rawValues[path] {
            out += raw
            return
        }
        switch value {
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (offset, member) in object.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                out += JSONValue.string(member.key.string).compactBytes
                out.append(UInt8(ascii: ":"))
                path.append(.key(member.key.string))
                write(member.value, path: &path, into: &out)
                path.removeLast()
            }
            out.append(UInt8(ascii: "}"))
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (offset, element) in array.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                path.append(.index(offset))
                write(element, path: &path, into: &out)
                path.removeLast()
            }
            out.append(UInt8(ascii: "]"))
        default:
            out += value.compactBytes
        }
    }

    private static func emptyContainer(for component: NestedJSONPath.Component) -> JSONValue {
        if case .key = component { return .object([:]) }
        return .array([])
    }

    /// Sets `value` at `path.components[step...]` below `cursor`.
    private static func set(
        _ value: JSONValue, in cursor: inout JSONValue, path: NestedJSONPath, step: Int, resolved: inout [Step]
    ) throws(NestedPathSyntaxError) {
        let component = path.components[step]
        switch component {
        case .key(let key): resolved.append(.key(key))
        case .index(let index): resolved.append(.index(index))
        case .append: resolved.append(.index(cursor.arrayValue?.count ?? 0))
        }
        let isLast = step == path.components.count - 1
        switch component {
        case .key(let key):
            guard case .object(var object) = cursor else { throw typeError(cursor, path: path, step: step) }
            cursor = .null  // release the enum's reference so the object is mutated in place
            defer { cursor = .object(object) }
            if isLast {
                object[key] = value
            } else {
                var child = emptyContainer(for: path.components[step + 1])
                if let existing = object[key], !existing.isNull { child = existing }
                object[key] = .null
                defer { object[key] = child }
                try set(value, in: &child, path: path, step: step + 1, resolved: &resolved)
            }
        case .index(let index):
            guard case .array(var array) = cursor else { throw typeError(cursor, path: path, step: step) }
            cursor = .null
            defer { cursor = .array(array) }
            if array.count <= index { array.append(contentsOf: repeatElement(.null, count: index - array.count + 1)) }
            if isLast {
                array[index] = value
            } else {
                var child = array[index].isNull ? emptyContainer(for: path.components[step + 1]) : array[index]
                array[index] = .null
                defer { array[index] = child }
                try set(value, in: &child, path: path, step: step + 1, resolved: &resolved)
            }
        case .append:
            guard case .array(var array) = cursor else { throw typeError(cursor, path: path, step: step) }
            cursor = .null
            defer { cursor = .array(array) }
            if isLast {
                array.append(value)
            } else {
                var child = emptyContainer(for: path.components[step + 1])
                defer { array.append(child) }
                try set(value, in: &child, path: path, step: step + 1, resolved: &resolved)
            }
        }
    }

    /// HTTPie's message: "cannot perform 'key' based access on 'a' which has a type of 'string' but this
    /// operation requires a type of 'object'".
    private static func typeError(_ cursor: JSONValue, path: NestedJSONPath, step: Int) -> NestedPathSyntaxError {
        let (action, required) =
            switch path.components[step] {
            case .key: ("key", "object")
            case .index: ("index", "array")
            case .append: ("append", "array")
            }
        let prefix = NestedJSONPath.reconstruct(path.components[..<step])
        return NestedPathSyntaxError(
            column: path.spans[step]?.lowerBound ?? 0,
            message: "cannot perform '\(action)' based access on '\(prefix)' which has a type of '\(cursor.typeName)'"
                + " but this operation requires a type of '\(required)'")
    }
}
