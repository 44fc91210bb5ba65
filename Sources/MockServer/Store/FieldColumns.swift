import JSON

/// The values of a few fields of every item, read once, so filters and sorts compare typed values instead of
/// parsing items: `age` of 1,000,000 users is one array of numbers.
///
/// A column is built the first time a query names its field (`build`) and then kept in step with every write
/// (`set`, `clear`); its positions are the collection's slots. At most `limit` columns are kept per collection (the
/// least recently built goes first), so a query naming many fields cannot hold the memory of many copies.
struct FieldColumns: Sendable {
    static let limit = 8

    /// A field's value in each slot, typed and with numbers parsed (`.missing` when the item has no such field,
    /// `.vacant` for an empty slot).
    typealias Column = ChunkedArray<SortValue>

    private var columns: [FieldPath: Column] = [:]
    private var order: [FieldPath] = []

    init() {}

    func column(_ path: FieldPath) -> Column? { columns[path] }

    var isEmpty: Bool { columns.isEmpty }

    /// Which of `paths` have no column yet.
    func missing(_ paths: [FieldPath]) -> [FieldPath] {
        var seen: Set<FieldPath> = []
        return paths.filter { columns[$0] == nil && seen.insert($0).inserted }
    }

    /// Records `item`'s fields in `slot` (a new slot is one past the last).
    mutating func set(_ item: StoredItem, value known: JSONValue? = nil, at slot: Int) {
        guard !columns.isEmpty else { return }
        let value = known ?? item.value
        for path in order { put(SortValue(path.value(in: value)), at: slot, in: path) }
    }

    mutating func clear(at slot: Int) {
        for path in order { put(.vacant, at: slot, in: path) }
    }

    private mutating func put(_ value: SortValue, at slot: Int, in path: FieldPath) {
        if slot == columns[path]!.count {
            columns[path]!.append(value)
        } else {
            columns[path]![slot] = value
        }
    }

    /// Builds the columns of `paths` from `collection` in one pass over its items; evicts old columns beyond the
    /// limit. Asking for more than `limit` new fields builds only the first `limit`.
    mutating func build(_ paths: [FieldPath], from collection: ItemCollection) {
        let wanted = Array(missing(paths).prefix(Self.limit))
        guard !wanted.isEmpty else { return }
        while order.count + wanted.count > Self.limit {
            columns[order.removeFirst()] = nil
        }
        var built = wanted.map { _ in Column() }
        for slot in 0..<collection.slotCount {
            guard let item = collection.item(atSlot: slot) else {
                for index in built.indices { built[index].append(.vacant) }
                continue
            }
            let value = item.value
            for (index, path) in wanted.enumerated() { built[index].append(SortValue(path.value(in: value))) }
        }
        for (index, path) in wanted.enumerated() {
            columns[path] = built[index]
            order.append(path)
        }
    }
}
