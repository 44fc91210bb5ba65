import JSON

/// One collection of the database: its items in file order and an index from id key to position.
///
/// Items are usually objects with an `id`; other items are kept and listed but cannot be addressed by id.
public struct ItemCollection: Sendable {
    public private(set) var items: [JSONValue]
    private var index: [String: Int]
    /// How many items have an id that is not an integer (then new ids are random strings).
    private var nonIntegerIDs: Int
    /// The largest integer id ever seen, so deleted ids are not handed out again while the server runs.
    private var largestIntegerID: Int

    public init(_ items: [JSONValue] = []) {
        self.items = items
        self.index = [:]
        self.nonIntegerIDs = 0
        self.largestIntegerID = 0
        index.reserveCapacity(items.count)
        for (position, item) in items.enumerated() { noteAdded(item, at: position) }
    }

    public var count: Int { items.count }

    /// The position of the item whose id has this key (`idKey`), if any.
    public func position(ofID key: String) -> Int? { index[key] }

    public func item(withID key: String) -> JSONValue? { index[key].map { items[$0] } }

    /// Whether every id is an integer (also true when there are no ids): new ids are then `max + 1`.
    public var usesIntegerIDs: Bool { nonIntegerIDs == 0 }

    /// The id for a new item: the largest integer id plus one, or a random URL-safe string (also when the largest
    /// id is `Int.max`, so one more would overflow: the collection then goes on with string ids).
    public func newID() -> JSONValue {
        if usesIntegerIDs {
            let (next, overflow) = largestIntegerID.addingReportingOverflow(1)
            if !overflow { return .number(JSONNumber(next)) }
        }
        while true {
            let candidate = randomID()
            if index[candidate] == nil { return .string(candidate) }
        }
    }

    public mutating func append(_ item: JSONValue) {
        items.append(item)
        noteAdded(item, at: items.count - 1)
    }

    /// Replaces the item at `position`; the id must stay the same.
    public mutating func replace(at position: Int, with item: JSONValue) {
        items[position] = item
    }

    @discardableResult
    public mutating func remove(at position: Int) -> JSONValue {
        let removed = items.remove(at: position)
        if let key = Self.key(of: removed) {
            if index[key] == position { index[key] = nil }
            if Int(key) == nil { nonIntegerIDs -= 1 }
        }
        // Later items moved down by one; a duplicate of the removed id now becomes the one the index finds.
        for later in position..<items.count {
            guard let key = Self.key(of: items[later]) else { continue }
            if let indexed = index[key], indexed != later + 1 { continue }
            index[key] = later
        }
        return removed
    }

    /// Removes every item for which `shouldRemove` is true; returns how many went.
    @discardableResult
    public mutating func removeAll(where shouldRemove: (JSONValue) -> Bool) -> Int {
        let before = items.count
        let kept = items.filter { !shouldRemove($0) }
        guard kept.count != before else { return 0 }
        let largest = largestIntegerID
        self = ItemCollection(kept)
        largestIntegerID = max(largestIntegerID, largest)
        return before - kept.count
    }

    private mutating func noteAdded(_ item: JSONValue, at position: Int) {
        guard let key = Self.key(of: item) else { return }
        if index[key] == nil { index[key] = position }
        if let integer = Int(key) {
            largestIntegerID = max(largestIntegerID, integer)
        } else {
            nonIntegerIDs += 1
        }
    }

    /// The id key of an item: its `id` member's `idKey`.
    static func key(of item: JSONValue) -> String? {
        guard case .object(let object) = item, let id = object["id"] else { return nil }
        return idKey(id)
    }
}

private let urlSafeAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)

/// Eight random characters from the URL-safe base64 alphabet (48 bits).
private func randomID() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<8).map { _ in urlSafeAlphabet[Int(generator.next(upperBound: UInt8(64)))] }
    return String(decoding: bytes, as: UTF8.self)
}
