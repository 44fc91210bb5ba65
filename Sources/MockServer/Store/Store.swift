import JSON
import NIOCore

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

/// A top-level resource as a listing shows it.
public struct ResourceSummary: Sendable, Equatable {
    public let name: String
    /// How many items a collection has; nil for a singular resource.
    public let count: Int?

    public init(name: String, count: Int?) {
        self.name = name
        self.count = count
    }
}

/// What a collection query answers: the items of the page (or slice) in order, and the count before paging.
public struct QueryAnswer: Sendable {
    public let items: [StoredItem]
    /// The number of items that matched the filters (`X-Total-Count`).
    public let totalCount: Int
    public let page: Page?
    public let paging: CollectionQuery.Paging?

    public init(items: [StoredItem], totalCount: Int, page: Page?, paging: CollectionQuery.Paging?) {
        self.items = items
        self.totalCount = totalCount
        self.page = page
        self.paging = paging
    }
}

/// Where the mock server's data lives: items, ids, ETags and queries in, plain values out. Every write returns
/// only once it is durable. Reads throw only when the store cannot be reached (`unavailable`, a 503): a missing
/// resource or item is nil, never an error. How values become HTTP responses (and the event-loop fast path) is the server's
/// business, above this protocol.
public protocol Store: Sendable {
    /// The resources in order, with their item counts.
    func resources() async throws(StoreError) -> [ResourceSummary]

    /// Whether `name` is a collection or a singular resource; nil when there is no such resource.
    func kind(of name: String) async throws(StoreError) -> ResourceKind?

    /// A singular resource's value as stored, or nil when `name` is not one.
    func document(_ name: String) async throws(StoreError) -> StoredItem?

    /// The item of collection `name` whose id has key `id`, or nil when there is none.
    func item(in name: String, id: String) async throws(StoreError) -> StoredItem?

    /// Runs `query` on collection `name` (`notFound` when there is none, `wrongKind` for a singular resource,
    /// `badRequest` for a query the data cannot answer, such as an embed of an unknown name). Embedded items come
    /// with their children or parents added.
    func query(_ name: String, _ query: CollectionQuery) async throws(StoreError) -> QueryAnswer

    /// The item with `_embed` / `_expand` added (children link to parents by `<singular><foreignKeySuffix>`), nil
    /// when there is no such item.
    func item(in name: String, id: String, embedding embeds: [String], foreignKeySuffix: String)
        async
        throws(StoreError) -> StoredItem?

    /// The whole data as a value (the OpenAPI document, nested routes).
    func snapshot() async throws(StoreError) -> Database

    /// The whole database as one JSON object, in order.
    func wholeDatabase() async throws(StoreError) -> JSONValue

    /// Adds `item` to collection `name`, giving it an id when it has none. Creates the collection when it does
    /// not exist and `createCollection` is true. Returns the id key and the stored item.
    func create(in name: String, item: JSONObject, createCollection: Bool) async throws(StoreError)
        -> (id: String, item: StoredItem)

    /// Replaces or merges the item whose id has key `id`; its id never changes.
    func update(in name: String, id: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem

    /// Deletes one item, and the items of each `dependents` collection that point to it
    /// (`<singular><foreignKeySuffix>`), at once.
    func delete(
        in name: String, id: String, dependents: [String], foreignKeySuffix: String, ifMatch: ETagCondition?
    ) async throws(StoreError) -> StoredItem

    /// Replaces or merges a singular (non-collection) resource.
    func updateDocument(_ name: String, with body: JSONObject, mode: UpdateMode, ifMatch: ETagCondition?)
        async throws(StoreError) -> StoredItem

    /// The data as it was when the store opened, after any journal replay, or as a valid hand edit of the file
    /// last made it: what `POST /__api/reset` puts back.
    func startingData() async throws(StoreError) -> Database

    /// Replaces the whole data with `database` at once (a reset, a snapshot restored): readers see the old data or
    /// the new, never a mix, and it is durable like any write (one journal record).
    func replaceAll(with database: Database) async throws(StoreError)

    /// Waits until every acknowledged write is in its final place (for the file store: the file itself).
    func flush() async

    /// Reads that need no waiting, for the event-loop fast path; nil when the store has none (a remote database).
    var immediateReads: (any ImmediateReads)? { get }

    /// Reads answered on the event loop (a remote database's fast path); nil when the store has none.
    var eventLoopReads: (any EventLoopReads)? { get }
}

/// Item lookups a store answers on the event loop that asks, without a Swift task (the fast path of a remote
/// database): nil when it cannot for this loop (the routes answer then); the future completes on `loop`.
public protocol EventLoopReads: Sendable {
    func item(in name: String, id: String, on loop: any EventLoop) -> EventLoopFuture<StoredItem?>?
}

/// Item lookups a store can answer at once, from any thread (the fast path calls them on the event loop).
public protocol ImmediateReads: Sendable {
    func item(in name: String, id: String) -> StoredItem?
}

extension Store {
    public var immediateReads: (any ImmediateReads)? { nil }

    public var eventLoopReads: (any EventLoopReads)? { nil }

    public func kind(of name: String) async throws(StoreError) -> ResourceKind? {
        guard let resource = try await resources().first(where: { $0.name == name }) else { return nil }
        return resource.count == nil ? .document : .collection
    }
}

/// The two kinds of top-level resource.
public enum ResourceKind: Sendable, Equatable {
    case collection
    case document
}
