import JSON

/// A top-level member of the database file: an array is a collection, anything else a singular resource.
public enum Resource: Sendable {
    case collection(ItemCollection)
    case document(JSONValue)
}

/// The whole database in memory: resources by name, in the file's key order.
///
/// A value type: the store hands out copies (cheap, copy-on-write) so queries run outside the store.
public struct Database: Sendable {
    public private(set) var names: [String] = []
    private var resources: [String: Resource] = [:]
    /// The member that is an item's id: `id`, or the `--id` field (`_id`).
    public let idField: String

    public init(idField: String = "id") { self.idField = idField }

    /// A database from resources already built, in order (the file loader's output). A repeated name keeps its
    /// first position and its last value, as in a parsed object.
    init(resources list: [(String, Resource)], idField: String = "id") {
        self.idField = idField
        for (name, resource) in list { self[name] = resource }
    }

    /// A database from the file's top-level object.
    public init(_ object: JSONObject, idField: String = "id") {
        self.idField = idField
        names.reserveCapacity(object.count)
        for (key, value) in object {
            let name = key.string
            names.append(name)
            if case .array(let items) = value {
                resources[name] = .collection(ItemCollection(items, idField: idField))
            } else {
                resources[name] = .document(value)
            }
        }
    }

    public subscript(name: String) -> Resource? {
        get { resources[name] }
        set {
            if newValue != nil, resources[name] == nil { names.append(name) }
            if newValue == nil, resources[name] != nil { names.removeAll { $0 == name } }
            resources[name] = newValue
        }
    }

    public func collection(_ name: String) -> ItemCollection? {
        if case .collection(let collection)? = resources[name] { return collection }
        return nil
    }

    /// Changes a collection in place (no copy of its items when nobody else holds them).
    @discardableResult
    mutating func modifyCollection<T>(_ name: String, _ body: (inout ItemCollection) throws(StoreError) -> T)
        throws(StoreError) -> T
    {
        guard case .collection(var collection)? = resources[name] else { throw StoreError.notFound }
        resources[name] = nil  // drop our reference so `collection` is uniquely owned
        defer { resources[name] = .collection(collection) }
        return try body(&collection)
    }

    /// Builds the query columns of `paths` in collection `name` (see `FieldColumns`).
    mutating func buildColumns(in name: String, _ paths: [FieldPath]) {
        guard collection(name)?.columns.missing(paths).isEmpty == false else { return }
        try? modifyCollection(name) { (collection) throws(StoreError) in collection.buildColumns(paths) }
    }

    /// The database as one JSON object, in key order.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        for name in names {
            switch resources[name]! {
            case .collection(let collection): object[name] = .array(collection.items)
            case .document(let value): object[name] = value
            }
        }
        return .object(object)
    }

    /// `users: 3, posts: 2, profile` for the start-up line.
    public var summary: String {
        names.map { name in
            if case .collection(let collection)? = resources[name] { return "\(name): \(collection.count)" }
            return name
        }.joined(separator: ", ")
    }
}
