/// Sorting, grouping and reshaping arrays and objects.
extension QueryBuiltins {
    static func array(_ value: JSONValue, _ what: String) throws(QueryError) -> [JSONValue] {
        guard case .array(let items) = value else {
            throw QueryError.runtime("\(QueryValueText.described(value)) \(what)")
        }
        return items
    }

    /// Each element with the array of its `f` outputs (jq's `map([f])`), sorted stably by those keys.
    static func keyed(_ call: QueryCall, _ what: String) throws(QueryError) -> [(key: JSONValue, value: JSONValue)] {
        let items = try array(call.input, what)
        var pairs: [(key: JSONValue, value: JSONValue)] = []
        pairs.reserveCapacity(items.count)
        for item in items { pairs.append((.array(try call.all(0, on: item)), item)) }
        return pairs
    }

    /// Sorts positions rather than the pairs themselves (moving an Int costs no reference counting), ties in
    /// their original order.
    /// The keys are compared from an array of their own: reading a key out of a pair copies the pair, value and
    /// all (a retain and a release per comparison).
    static func sortedStably(_ pairs: [(key: JSONValue, value: JSONValue)]) -> [(key: JSONValue, value: JSONValue)] {
        var order = Array(pairs.indices)
        if let keys = StringKeys(pairs) {
            keys.sort(&order)
            return order.map { pairs[$0] }
        }
        let keys = pairs.map(\.key)
        keys.withUnsafeBufferPointer { keys in
            order.sort { a, b in
                let comparison = QueryOrdering.compare(keys[a], keys[b])
                return comparison != 0 ? comparison < 0 : a < b
            }
        }
        return order.map { pairs[$0] }
    }

    static func grouped(_ pairs: [(key: JSONValue, value: JSONValue)]) -> [[JSONValue]] {
        var groups: [[JSONValue]] = []
        var lastKey: JSONValue?
        for pair in sortedStably(pairs) {
            if let lastKey, QueryOrdering.equal(lastKey, pair.key) {
                groups[groups.count - 1].append(pair.value)
            } else {
                groups.append([pair.value])
            }
            lastKey = pair.key
        }
        return groups
    }

    static let collections: [String: QueryNative] = [
        "sort/0": .value { input, _ throws(QueryError) in
            let items = try array(input, "cannot be sorted, as it is not an array")
            return .array(sortedStably(items.map { ($0, $0) }).map(\.value))
        },
        "sort_by/1": .filter { call, emit throws(QueryError) in
            try emit(.array(sortedStably(try keyed(call, "cannot be sorted, as it is not an array")).map(\.value)), nil)
        },
        "group_by/1": .filter { call, emit throws(QueryError) in
            let groups = grouped(try keyed(call, "cannot be grouped, as it is not an array"))
            try emit(.array(groups.map(JSONValue.array)), nil)
        },
        "unique/0": .value { input, _ throws(QueryError) in
            let items = try array(input, "cannot be sorted, as it is not an array")
            return .array(grouped(items.map { ($0, $0) }).map { $0[0] })
        },
        "unique_by/1": .filter { call, emit throws(QueryError) in
            let groups = grouped(try keyed(call, "cannot be grouped, as it is not an array"))
            try emit(.array(groups.map { $0[0] }), nil)
        },
        "min/0": .value { input, _ throws(QueryError) in
            try extreme(try array(input, "cannot be minimized, as it is not an array").map { ($0, $0) }, min: true)
        },
        "max/0": .value { input, _ throws(QueryError) in
            try extreme(try array(input, "cannot be maximized, as it is not an array").map { ($0, $0) }, min: false)
        },
        "min_by/1": .filter { call, emit throws(QueryError) in
            try emit(try extreme(try keyed(call, "cannot be iterated over"), min: true), nil)
        },
        "max_by/1": .filter { call, emit throws(QueryError) in
            try emit(try extreme(try keyed(call, "cannot be iterated over"), min: false), nil)
        },
        "reverse/0": .value { input, _ throws(QueryError) in
            switch input {
            case .null: return .array([])
            case .string(let s): return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
            case .array(let items): return .array(items.reversed())
            default: throw QueryError.runtime("Cannot reverse \(QueryValueText.described(input))")
            }
        },
        "to_entries/0": .value { input, _ throws(QueryError) in
            guard case .object(let object) = input else {
                throw QueryError.runtime("\(QueryValueText.described(input)) has no keys")
            }
            return .array(object.map { key, value in .object(["key": .string(key.string), "value": value]) })
        },
        "flatten/0": .value { input, _ throws(QueryError) in
            .array(try flatten(try array(input, "cannot be flattened"), depth: 1_000_000))
        },
        "flatten/1": .value { input, arguments throws(QueryError) in
            let depth = try double(arguments[0])
            if depth < 0 { throw QueryError.runtime("flatten depth must not be negative") }
            return .array(try flatten(try array(input, "cannot be flattened"), depth: depth))
        },
        "bsearch/1": .value { input, arguments throws(QueryError) in
            let items = try array(input, "cannot be searched from")
            var low = 0
            var high = items.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let order = QueryOrdering.compare(items[middle], arguments[0])
                if order == 0 { return number(middle) }
                if order < 0 { low = middle + 1 } else { high = middle - 1 }
            }
            return number(-1 - low)
        },
        "transpose/0": .value { input, _ throws(QueryError) in
            let rows = try array(input, "cannot be transposed")
            var width = 0
            for row in rows { width = max(width, try array(row, "cannot be transposed").count) }
            return .array(
                (0..<width).map { column in
                    .array(rows.map { row in row.arrayValue.flatMap { column < $0.count ? $0[column] : nil } ?? .null })
                })
        },
    ]

    /// jq's `min_by`/`max_by`: the first smallest or the last largest; null for an empty array.
    static func extreme(_ pairs: [(key: JSONValue, value: JSONValue)], min: Bool) throws(QueryError) -> JSONValue {
        guard var best = pairs.first else { return .null }
        for pair in pairs.dropFirst() {
            let order = QueryOrdering.compare(pair.key, best.key)
            if min ? order < 0 : order >= 0 { best = pair }
        }
        return best.value
    }

    static func flatten(_ items: [JSONValue], depth: Double) throws(QueryError) -> [JSONValue] {
        var result: [JSONValue] = []
        for item in items {
            if case .array(let inner) = item, depth > 0 {
                result += try flatten(inner, depth: depth - 1)
            } else {
                result.append(item)
            }
        }
        return result
    }
}
