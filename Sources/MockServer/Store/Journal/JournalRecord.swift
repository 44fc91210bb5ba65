import JSON

/// One change of the database as the journal records it: the state it leaves, not the request that made it, so
/// that replaying a record on data that already has it changes nothing (the journal may be replayed onto a file
/// rewritten after some of its records).
enum JournalOperation: Sendable, Equatable {
    /// The item now stored under its id in `collection` (created at the end, or replaced in place). The collection
    /// is created when missing.
    case put(collection: String, item: JSONValue)
    /// No item with this id key in `collection` any more.
    case delete(collection: String, id: String)
    /// No item in `collection` whose `field` has the id key `id` any more (the children of a `_dependent` delete).
    case deleteChildren(collection: String, field: String, id: String)
    /// The singular resource `resource` now has this value.
    case set(resource: String, value: JSONValue)
    /// The whole data is now this object (a reset, a snapshot restored): every resource, in order.
    case replaceAll(JSONValue)
}

/// One acknowledged write: every change it made, applied together or not at all (a `_dependent` delete is one
/// record).
///
/// On disk a record is one line: 16 hex digits of the FNV-1a 64 hash of the JSON text, a space, the JSON text (an
/// array of operations, each `{"put": NAME, "item": ITEM}`, `{"delete": NAME, "id": KEY}`,
/// `{"deleteChildren": NAME, "field": FOREIGN_KEY, "id": KEY}` or
/// `{"set": NAME, "value": VALUE}` or `{"replaceAll": DATA}`), and a newline. A line whose hash does not match, or that has no newline, is
/// the torn end of a write that was never acknowledged.
struct JournalRecord: Sendable, Equatable {
    var operations: [JournalOperation]

    init(_ operations: [JournalOperation]) { self.operations = operations }

    /// The record's line, newline included.
    var line: [UInt8] {
        var values: [JSONValue] = []
        for operation in operations {
            switch operation {
            case .put(let collection, let item): values.append(["put": .string(collection), "item": item])
            case .delete(let collection, let id): values.append(["delete": .string(collection), "id": .string(id)])
            case .deleteChildren(let collection, let field, let id):
                values.append(["deleteChildren": .string(collection), "field": .string(field), "id": .string(id)])
            case .set(let resource, let value): values.append(["set": .string(resource), "value": value])
            case .replaceAll(let data): values.append(["replaceAll": data])
            }
        }
        let text = compactWriter.bytes(.array(values))
        var line = Array(hashDigits(text).utf8)
        line.reserveCapacity(text.count + 18)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: text)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Reads one line (without its newline); nil when it is not an intact record.
    init?(line: some Collection<UInt8>) {
        guard line.count > 17 else { return nil }
        let digits = line.prefix(16)
        let text = Array(line.dropFirst(17))
        guard line.dropFirst(16).first == UInt8(ascii: " "), digits.elementsEqual(hashDigits(text).utf8),
            case .array(let values)? = try? JSON.parse(text)
        else { return nil }
        var operations: [JournalOperation] = []
        for value in values {
            if let name = value["put"]?.stringValue, let item = value["item"] {
                operations.append(.put(collection: name, item: item))
            } else if let name = value["delete"]?.stringValue, let id = value["id"]?.stringValue {
                operations.append(.delete(collection: name, id: id))
            } else if let name = value["deleteChildren"]?.stringValue, let field = value["field"]?.stringValue,
                let id = value["id"]?.stringValue
            {
                operations.append(.deleteChildren(collection: name, field: field, id: id))
            } else if let name = value["set"]?.stringValue, let newValue = value["value"] {
                operations.append(.set(resource: name, value: newValue))
            } else if let data = value["replaceAll"], case .object = data {
                operations.append(.replaceAll(data))
            } else {
                return nil
            }
        }
        self.operations = operations
    }
}

private let compactWriter = JSONWriter(layout: .compact)

/// FNV-1a 64 of `bytes` as 16 lower-case hex digits.
private func hashDigits(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

extension Database {
    /// Applies a journal record: the data then holds the state the record describes.
    mutating func apply(_ record: JournalRecord) {
        for operation in record.operations {
            switch operation {
            case .put(let name, let item):
                if self[name] == nil { self[name] = .collection(ItemCollection()) }
                let stored = StoredItem(item, idField: idField)
                try? modifyCollection(name) { (collection) throws(StoreError) in
                    if let key = stored.key, let slot = collection.position(ofID: key) {
                        collection.replace(atSlot: slot, with: stored)
                    } else {
                        collection.append(stored)
                    }
                }
            case .delete(let name, let id):
                try? modifyCollection(name) { (collection) throws(StoreError) in
                    if let slot = collection.position(ofID: id) { collection.remove(atSlot: slot) }
                }
            case .deleteChildren(let name, let field, let id):
                try? modifyCollection(name) { (collection) throws(StoreError) in
                    collection.removeAll { $0.value[field].flatMap(idKey) == id }
                }
            case .set(let name, let value):
                self[name] = .document(value)
            case .replaceAll(let data):
                if case .object(let object) = data { self = Database(object, idField: idField) }
            }
        }
    }
}
