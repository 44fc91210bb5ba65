import JSON

/// A dotted path into an item: `address.city`, `tags.0`.
///
/// A segment names an object member; on an array, a segment that is a non-negative integer is an index.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public let segments: [String]

    public init(_ text: String) {
        segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public var description: String { segments.joined(separator: ".") }

    /// The value at this path, or nil when any step is missing.
    public func value(in item: JSONValue) -> JSONValue? {
        var current = item
        for segment in segments {
            switch current {
            case .object(let object):
                guard let next = object[segment] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(segment), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
