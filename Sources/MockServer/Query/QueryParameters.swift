import Support

/// The `name=value` pairs of a URL query, in order, percent-decoded (`+` is a space).
///
/// Repeated names are kept as separate pairs: a filter that repeats a key is an OR of its values.
public struct QueryParameters: Sendable, Equatable {
    public var pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// Parses the text after `?` (without the `?`). Empty pieces (`a=1&&b=2`) are skipped.
    public init(query: Substring) {
        var pairs: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: "=") {
                pairs.append(
                    (
                        percentDecoded(piece[..<equals], plusAsSpace: true),
                        percentDecoded(piece[piece.index(after: equals)...], plusAsSpace: true)
                    ))
            } else {
                pairs.append((percentDecoded(piece, plusAsSpace: true), ""))
            }
        }
        self.pairs = pairs
    }

    /// The last value given for `name`, if any.
    public subscript(name: String) -> String? {
        pairs.last(where: { $0.name == name })?.value
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
