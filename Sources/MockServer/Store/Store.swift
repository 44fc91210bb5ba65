import JSON
import NIOCore

/// A resource or item serialized for a response: pretty JSON bytes and their ETag.
public struct Representation: Sendable {
    public let body: ByteBuffer
    public let etag: String
    /// For a whole collection: how many items it has (`X-Total-Count`).
    public let count: Int?

    public init(body: ByteBuffer, etag: String, count: Int? = nil) {
        self.body = body
        self.etag = etag
        self.count = count
    }

    init(bytes: [UInt8], count: Int? = nil) {
        self.init(body: ByteBuffer(bytes: bytes), etag: entityTag(bytes), count: count)
    }
}

/// An `If-Match` header: `*` or a list of ETags; a write goes ahead only when the current ETag is listed.
public struct ETagCondition: Sendable, Equatable {
    public let tags: [String]

    public init(_ tags: [String]) { self.tags = tags }

    public func allows(_ current: String) -> Bool { tags.contains("*") || tags.contains(current) }
}

/// How PUT and PATCH change an item or a singular resource.
public enum UpdateMode: Sendable {
    /// PUT: the body replaces the value (an item keeps its id).
    case replace
    /// PATCH: the body's members replace or add members; others stay (a shallow merge).
    case merge
}

/// Where the mock server's data lives. Reads hand out snapshots and cached serializations; every write
/// returns only once it is durable.
public protocol Store: Sendable {
    /// The whole database as it is now (a copy-on-write value: cheap, and safe to query outside the store).
    func snapshot() async -> Database

    /// The serialized item of collection `name` whose id has key `id`, or nil when there is none.
    func item(in name: String, id: String) async -> Representation?

    /// A whole resource serialized (a collection's array or a singular resource), or nil when unknown.
    func resource(_ name: String) async -> Representation?

    /// Adds `item` to collection `name`, giving it an id when it has none. Creates the collection when it does
    /// not exist and `createCollection` is true. Returns the id key and the stored item.
    func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: Representation)

    /// Replaces or merges the item whose id has key `id`; its id never changes.
    func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> Representation

    /// Deletes one item, and the items of each `dependents` collection that point to it (`<singular>Id`).
    func delete(in name: String, id: String, dependents: [String], ifMatch: ETagCondition?) async throws(StoreError)
        -> Representation

    /// Replaces or merges a singular (non-collection) resource.
    func updateDocument(_ name: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> Representation

    /// Waits until every acknowledged or pending write is on disk.
    func flush() async

    /// Items readable without going through the store, for the event-loop fast path; nil when the store has none.
    var publishedItems: PublishedItems? { get }
}

extension Store {
    public var publishedItems: PublishedItems? { nil }
}
