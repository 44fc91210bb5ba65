import OrderedCollections

/// An object member's name, equal to another only when their Unicode scalars are identical.
///
/// Swift's `String` equality treats canonically equivalent spellings as equal (`"\u{e9}" == "e\u{301}"`), but JSON
/// and jq keep them as two different keys. `JSONKey` compares and hashes the UTF-8 bytes instead. It is
/// `ExpressibleByStringLiteral`, and `JSONObject` has a `String` subscript, so `object["name"]` and
/// `object[name]` read as before; code that reads keys out of an object uses `key.string`.
public struct JSONKey: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as a Swift string (its scalars are exactly the key's).
    public let string: String

    public init(_ string: String) { self.string = string }
    public init(stringLiteral value: String) { self.string = value }

    public var description: String { string }

    public static func == (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Code point order (the order of the UTF-8 bytes), as jq sorts keys.
    public static func < (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }
}

extension OrderedDictionary where Key == JSONKey {
    /// Member access by a plain string, compared by its exact Unicode scalars.
    public subscript(name: String) -> Value? {
        get { self[JSONKey(name)] }
        set { self[JSONKey(name)] = newValue }
    }

    /// The member names in order, as strings.
    public var names: [String] { keys.map(\.string) }
}
