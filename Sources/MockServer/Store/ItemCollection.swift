import JSON

/// One collection of the database: its items in file order and an index from id key to slot.
///
/// Items are usually objects with an `id`; other items are kept and listed but cannot be addressed by id. Slots
/// are stable: a removed item leaves an empty slot (so no later item moves and the index stays valid), and the
/// slots are compacted once a quarter of them are empty.
public struct ItemCollection: Sendable {
    private var slots = ChunkedArray<StoredItem?>()
    private var index: [String: Int] = [:]
    /// How many slots hold an item.
    public private(set) var count = 0
    /// How many items have an id that is not an integer (then new ids are random strings).
    private var nonIntegerIDs = 0
    /// How many items have a string id that looks like an integer (`"1"`), and how many a number id: when every
    /// id is such a string, new ids are strings too (`"3"`), so the collection never mixes id types.
    private var integerStringIDs = 0
    private var numberIDs = 0
    /// How many items share an id with an earlier one (only the first is found by id).
    private var repeatedIDs = 0
    /// The largest integer id ever seen, so deleted ids are not handed out again while the server runs.
    private var largestIntegerID = 0
    /// Typed field values for queries, built on first use and kept in step with every change.
    var columns = FieldColumns()

    public init(_ items: [JSONValue] = [], idField: String = "id") {
        self.init(stored: items.map { StoredItem($0, idField: idField) })
    }

    init(stored items: some Sequence<StoredItem>) {
        index.reserveCapacity(items.underestimatedCount)
        for item in items { append(item) }
    }

    /// The slots, for writing the file from a copy (`FileImage`).
    var itemSlots: ChunkedArray<StoredItem?> { slots }

    /// How many slots there are, empty or not (the bound of slot numbers).
    var slotCount: Int { slots.count }

    /// The slot of the item whose id has this key (`idKey`), if any.
    public func position(ofID key: String) -> Int? { index[key] }

    public func item(withID key: String) -> StoredItem? { index[key].flatMap { slots[$0] } }

    /// The item in `slot`, nil when the slot is empty.
    func item(atSlot slot: Int) -> StoredItem? { slots[slot] }

    /// Calls `body` with each item and its slot, in order; stops when `body` returns false.
    func forEachItem(_ body: (Int, StoredItem) throws -> Bool) rethrows {
        try slots.forEach { slot, item in
            guard let item else { return true }
            return try body(slot, item)
        }
    }

    /// Every item, in order.
    public var storedItems: [StoredItem] {
        var items: [StoredItem] = []
        items.reserveCapacity(count)
        forEachItem { _, item in
            items.append(item)
            return true
        }
        return items
    }

    /// Every item parsed, in order (the slow path of queries no column answers).
    public var items: [JSONValue] { storedItems.map(\.value) }

    /// Whether every id is an integer (also true when there are no ids): new ids are then `max + 1`.
    public var usesIntegerIDs: Bool { nonIntegerIDs == 0 }

    /// The id for a new item: the largest integer id plus one (as a string when every id is a string such as
    /// `"2"`), or a random URL-safe string (also when the largest id is `Int.max`, so one more would overflow: the
    /// collection then goes on with string ids).
    public func newID() -> JSONValue {
        if usesIntegerIDs {
            let (next, overflow) = largestIntegerID.addingReportingOverflow(1)
            if !overflow {
                return integerStringIDs > 0 && numberIDs == 0 ? .string(String(next)) : .number(JSONNumber(next))
            }
        }
        while true {
            let candidate = randomItemID()
            if index[candidate] == nil { return .string(candidate) }
        }
    }

    /// Adds `item` at the end; `value`, when the caller has it, spares the columns a parse of the item.
    public mutating func append(_ item: StoredItem, value: JSONValue? = nil) {
        slots.append(item)
        count += 1
        noteAdded(item, at: slots.count - 1)
        columns.set(item, value: value, at: slots.count - 1)
    }

    /// Replaces the item in `slot`; the id must stay the same.
    mutating func replace(atSlot slot: Int, with item: StoredItem, value: JSONValue? = nil) {
        slots[slot] = item
        columns.set(item, value: value, at: slot)
    }

    /// Empties `slot`; returns the item it held.
    @discardableResult
    mutating func remove(atSlot slot: Int) -> StoredItem? {
        guard let removed = slots[slot] else { return nil }
        slots[slot] = nil
        count -= 1
        columns.clear(at: slot)
        if let key = removed.key {
            if Int(key) == nil {
                nonIntegerIDs -= 1
            } else if removed.keyIsString {
                integerStringIDs -= 1
            } else {
                numberIDs -= 1
            }
            if index[key] == slot {
                index[key] = nil
                if repeatedIDs > 0 { promoteRepeat(of: key, after: slot) }
            } else {
                repeatedIDs -= 1
            }
        }
        if slots.count >= 1024, slots.count - count > slots.count / 4 { compact() }
        return removed
    }

    /// Removes every item for which `shouldRemove` is true; returns how many went.
    @discardableResult
    mutating func removeAll(where shouldRemove: (StoredItem) -> Bool) -> Int {
        var doomed: [Int] = []
        forEachItem { slot, item in
            if shouldRemove(item) { doomed.append(slot) }
            return true
        }
        for slot in doomed { remove(atSlot: slot) }
        return doomed.count
    }

    private mutating func noteAdded(_ item: StoredItem, at slot: Int) {
        guard let key = item.key else { return }
        if index[key] == nil { index[key] = slot } else { repeatedIDs += 1 }
        if let integer = Int(key) {
            largestIntegerID = max(largestIntegerID, integer)
            if item.keyIsString { integerStringIDs += 1 } else { numberIDs += 1 }
        } else {
            nonIntegerIDs += 1
        }
    }

    /// The id `key` lost its item: a later item with the same id (a repeated id in the file) is now the one found.
    private mutating func promoteRepeat(of key: String, after slot: Int) {
        var found: Int?
        var position = slot + 1
        while position < slots.count {
            if let item = slots[position], item.key == key {
                found = position
                break
            }
            position += 1
        }
        if let found {
            index[key] = found
            repeatedIDs -= 1
        }
    }

    /// Rebuilds the slots without the empty ones (and the index and columns with them).
    private mutating func compact() {
        let largest = largestIntegerID
        self = ItemCollection(stored: storedItems)
        largestIntegerID = max(largestIntegerID, largest)
    }

    /// Builds the columns of `paths` that do not exist yet (see `FieldColumns`).
    mutating func buildColumns(_ paths: [FieldPath]) {
        guard !columns.missing(paths).isEmpty else { return }
        var built = columns
        columns = FieldColumns()
        built.build(paths, from: self)
        columns = built
    }

    /// The id key of an item: its `idField` member's `idKey`.
    static func key(of item: JSONValue, idField: String = "id") -> String? {
        guard case .object(let object) = item, let id = object[idField] else { return nil }
        return idKey(id)
    }
}

private let urlSafeAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)

/// Eight random characters from the URL-safe base64 alphabet (48 bits).
func randomItemID() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<8).map { _ in urlSafeAlphabet[Int(generator.next(upperBound: UInt8(64)))] }
    return String(decoding: bytes, as: UTF8.self)
}
