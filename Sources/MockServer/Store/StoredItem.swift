import JSON

/// One item as the store keeps it: its pretty JSON (2 spaces, keys in their original order) and its id key.
///
/// The bytes are the response body as sent and, indented 4 spaces deeper, the item's text in the file: an item is
/// held once, as text; its value is parsed when a query or a write needs it.
public struct StoredItem: Sendable, Hashable {
    public let bytes: [UInt8]
    /// The lookup key of its `id` (`idKey`), nil when it has none.
    public let key: String?

    /// An item from bytes already in the store's layout (the file loader's output).
    init(bytes: [UInt8], key: String?) {
        self.bytes = bytes
        self.key = key
    }

    public init(_ value: JSONValue) {
        self.bytes = prettyBytes(value)
        self.key = ItemCollection.key(of: value)
    }

    /// The item as a JSON value. The bytes were written or checked by us, so they always parse.
    public var value: JSONValue { (try? JSON.parse(bytes)) ?? .null }

    /// A strong ETag of the bytes.
    public var etag: String { entityTag(bytes) }
}
