import JSON

/// One item as the store keeps it: its pretty JSON (2 spaces, keys in their original order) and its id key.
///
/// The bytes are the response body as sent and, indented 4 spaces deeper, the item's text in the file: an item is
/// held once, as text; its value is parsed when a query or a write needs it.
public struct StoredItem: Sendable, Hashable {
    public let bytes: [UInt8]
    /// The lookup key of its id (the `id` member, or the `--id` field: `idKey`), nil when it has none.
    public let key: String?
    /// Whether the id is a JSON string (`"1"`) rather than a number (`1`): both have the key `1`.
    public let keyIsString: Bool

    /// An item from bytes already in the store's layout (the file loader's output).
    init(bytes: [UInt8], key: String?, keyIsString: Bool = false) {
        self.bytes = bytes
        self.key = key
        self.keyIsString = keyIsString
    }

    /// An item whose id is its `idField` member.
    public init(_ value: JSONValue, idField: String = "id") {
        self.bytes = prettyBytes(value)
        self.key = ItemCollection.key(of: value, idField: idField)
        if case .string? = value[idField] { self.keyIsString = key != nil } else { self.keyIsString = false }
    }

    /// The item as a JSON value. The bytes were written or checked by us, so they always parse.
    public var value: JSONValue { (try? JSON.parse(bytes)) ?? .null }

    /// A strong ETag of the bytes.
    public var etag: String { entityTag(bytes) }
}
