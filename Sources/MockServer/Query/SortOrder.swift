import JSON

/// One `_sort` key: `age` ascending, `-age` descending.
public struct SortKey: Sendable, Hashable {
    public let path: FieldPath
    public let descending: Bool

    public init(path: FieldPath, descending: Bool = false) {
        self.path = path
        self.descending = descending
    }
}

/// The fixed order of values of different types, used by `_sort`:
///
///     missing < null < false < true < numbers < strings < arrays < objects
///
/// Numbers compare numerically, strings by Unicode code points (case-sensitive), arrays element by
/// element (a prefix first), and objects all compare equal. A descending key reverses the whole order, so
/// missing fields come last. Sorting is stable: items that compare equal keep their order in the file.
public func compareForSort(_ left: JSONValue?, _ right: JSONValue?) -> Int {
    let leftRank = sortRank(left)
    let rightRank = sortRank(right)
    if leftRank != rightRank { return leftRank < rightRank ? -1 : 1 }
    switch (left, right) {
    case (.bool(let a)?, .bool(let b)?):
        return a == b ? 0 : (a ? 1 : -1)
    case (.number(let a)?, .number(let b)?):
        return compareNumbers(a, b)
    case (.string(let a)?, .string(let b)?):
        return compareCodePoints(a, b)
    case (.array(let a)?, .array(let b)?):
        for (x, y) in zip(a, b) {
            let order = compareForSort(x, y)
            if order != 0 { return order }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    default:
        return 0
    }
}

private func sortRank(_ value: JSONValue?) -> Int {
    switch value {
    case nil: 0
    case .null?: 1
    case .bool?: 2
    case .number?: 3
    case .string?: 4
    case .array?: 5
    case .object?: 6
    }
}

private func compareNumbers(_ a: JSONNumber, _ b: JSONNumber) -> Int {
    if let x = a.intValue, let y = b.intValue { return x == y ? 0 : (x < y ? -1 : 1) }
    let x = a.doubleValue
    let y = b.doubleValue
    return x == y ? 0 : (x < y ? -1 : 1)
}

/// Sorts `items` by `keys` (first key first), stably.
public func sorted(_ items: [JSONValue], by keys: [SortKey]) -> [JSONValue] {
    guard !keys.isEmpty, items.count > 1 else { return items }
    let rows = items.enumerated().map { offset, item in
        (offset: offset, item: item, fields: keys.map { $0.path.value(in: item) })
    }
    let ordered = rows.sorted { a, b in
        for (index, key) in keys.enumerated() {
            let order = compareForSort(a.fields[index], b.fields[index])
            if order != 0 { return key.descending ? order > 0 : order < 0 }
        }
        return a.offset < b.offset
    }
    return ordered.map(\.item)
}
