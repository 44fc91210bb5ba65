import JSON

/// One change of the database as the journal records it: the state it leaves, not the request that made it, so
/// that replaying a record on data that already has it changes nothing (the journal may be replayed onto a file
/// rewritten after some of its records).
enum JournalOperation: Sendable {
    /// The item now stored under its id in `collection` (created at the end, or replaced in place). The collection
    /// is created when missing.
    case put(collection: String, item: JSONValue)
    /// No item with this id key in `collection` any more.
    case delete(collection: String, id: String)
    /// No item in `collection` whose `field` has the id key `id` any more (the children of a `_dependent` delete).
    case deleteChildren(collection: String, field: String, id: String)
    /// The singular resource `resource` now has this value.
    case set(resource: String, value: JSONValue)
    /// The whole data is now this (a reset, a snapshot restored): every resource, in order. Written from the
    /// items' stored text, never through values.
    case replaceAll(Database)
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
        var text: [UInt8] = [UInt8(ascii: "[")]
        for (position, operation) in operations.enumerated() {
            if position > 0 { text.append(UInt8(ascii: ",")) }
            switch operation {
            case .put(let collection, let item):
                text += compactWriter.bytes(["put": .string(collection), "item": item])
            case .delete(let collection, let id):
                text += compactWriter.bytes(["delete": .string(collection), "id": .string(id)])
            case .deleteChildren(let collection, let field, let id):
                text += compactWriter.bytes(
                    ["deleteChildren": .string(collection), "field": .string(field), "id": .string(id)])
            case .set(let resource, let value):
                text += compactWriter.bytes(["set": .string(resource), "value": value])
            case .replaceAll(let data):
                text += Array(#"{"replaceAll":"#.utf8)
                appendOneLine(data, to: &text)
                text.append(UInt8(ascii: "}"))
            }
        }
        text.append(UInt8(ascii: "]"))
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
            } else if case .object(let data)? = value["replaceAll"] {
                operations.append(.replaceAll(Database(data)))
            } else {
                return nil
            }
        }
        self.operations = operations
    }
}

extension JournalOperation: Equatable {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.put(let a, let b), .put(let c, let d)): a == c && b == d
        case (.delete(let a, let b), .delete(let c, let d)): a == c && b == d
        case (.deleteChildren(let a, let b, let c), .deleteChildren(let d, let e, let f)): a == d && b == e && c == f
        case (.set(let a, let b), .set(let c, let d)): a == c && b == d
        case (.replaceAll(let a), .replaceAll(let b)): a.jsonValue == b.jsonValue
        default: false
        }
    }
}

/// Appends the whole data as one line of JSON: each item's stored (pretty) text with its newlines and indentation
/// left out. Raw newlines in that text only separate tokens (strings escape theirs), so what is left is the same
/// JSON.
private func appendOneLine(_ data: Database, to text: inout [UInt8]) {
    text.append(UInt8(ascii: "{"))
    for (position, name) in data.names.enumerated() {
        if position > 0 { text.append(UInt8(ascii: ",")) }
        text += compactWriter.bytes(.string(name))
        text.append(UInt8(ascii: ":"))
        switch data[name] {
        case .collection(let collection)?:
            text.append(UInt8(ascii: "["))
            var first = true
            collection.forEachItem { _, item in
                if !first { text.append(UInt8(ascii: ",")) }
                first = false
                var skippingIndent = false
                for byte in item.bytes {
                    if byte == UInt8(ascii: "\n") {
                        skippingIndent = true
                    } else if !(skippingIndent && byte == UInt8(ascii: " ")) {
                        skippingIndent = false
                        text.append(byte)
                    }
                }
                return true
            }
            text.append(UInt8(ascii: "]"))
        case .document(let value)?:
            text += compactWriter.bytes(value)
        case nil:
            text += Array("null".utf8)
        }
    }
    text.append(UInt8(ascii: "}"))
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
                _ = try? modifyCollection(name) { (collection) throws(StoreError) in
                    collection.removeAll { $0.value[field].flatMap(idKey) == id }
                }
            case .set(let name, let value):
                self[name] = .document(value)
            case .replaceAll(let data):
                // A record read back from the journal was keyed by `id`: key it again by this data's field.
                self = data.idField == idField ? data : Database(data.jsonValue.objectValue ?? [:], idField: idField)
            }
        }
    }
}
