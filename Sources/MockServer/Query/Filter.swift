import JSON
import LinearRegex

/// One filter of a collection query: a field path, an operator and the values it was given.
///
/// A key repeated in the query (`?id=1&id=2`) is one filter with several values, matched as an OR;
/// for `ne` several values mean "none of them".
public struct Filter {
    public let path: FieldPath
    public let op: FilterOperator
    public let values: [QueryValue]
    /// The `like` values compiled case-insensitively, as json-server's `new RegExp(value, 'i')`, and matched in
    /// linear time (back-references and look-around are refused).
    /// One reusable matcher per `_like` value (a filter belongs to one request, run on one task).
    private let patterns: [PatternMatcher]

    /// Builds a filter; `parameter` is the query name as written, for error messages.
    public init(path: FieldPath, op: FilterOperator, values: [String], parameter: String) throws(CollectionQueryError) {
        self.path = path
        self.op = op
        switch op {
        case .in:
            self.values = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { QueryValue(String($0)) }
        default:
            self.values = values.map(QueryValue.init)
        }
        if op == .like {
            var patterns: [PatternMatcher] = []
            for value in values {
                do {
                    patterns.append(try Pattern(value, options: .caseInsensitive).matcher())
                } catch {
                    throw CollectionQueryError("invalid regular expression in \(parameter): '\(value)': \(error)")
                }
            }
            self.patterns = patterns
        } else {
            self.patterns = []
        }
    }

    /// Whether `item` passes this filter. A missing field passes only `ne`.
    public func matches(_ item: JSONValue) -> Bool { matches(field: path.value(in: item)) }

    /// Whether the filter can be decided from a column's typed value (`matches(_: SortValue)`); `like` matches a
    /// number's literal text, which a column does not keep.
    var readsColumns: Bool { op != .like }

    /// `matches(field:)` on a column's typed value: numbers, booleans and null without building a JSON value.
    func matches(_ value: SortValue) -> Bool {
        switch value {
        case .vacant: return false
        case .missing: return op == .ne
        case .string(let text): return matches(field: .string(text))
        case .other(let other): return matches(field: other)
        case .null, .bool, .int, .double: break
        }
        switch op {
        case .eq, .in: return values.contains { scalarCompare(value, $0) == 0 }
        case .ne: return !values.contains { scalarCompare(value, $0) == 0 }
        case .lt: return values.contains { (scalarOrder(value, $0) ?? 0) < 0 }
        case .lte: return values.contains { (scalarOrder(value, $0) ?? 1) <= 0 }
        case .gt: return values.contains { (scalarOrder(value, $0) ?? 0) > 0 }
        case .gte: return values.contains { (scalarOrder(value, $0) ?? -1) >= 0 }
        case .contains, .startsWith, .endsWith, .like: return false
        }
    }

    /// Equality of a scalar with a query value, as `queryEquals`: 0 when equal.
    private func scalarCompare(_ value: SortValue, _ query: QueryValue) -> Int? {
        if case .null = value { return query.text == "null" ? 0 : nil }
        return scalarOrder(value, query)
    }

    /// Ordering of a number or boolean against a query value, as `queryCompare` (exact on integers).
    private func scalarOrder(_ value: SortValue, _ query: QueryValue) -> Int? {
        switch value {
        case .int(let left):
            if let right = query.integer { return left < right ? -1 : (left == right ? 0 : 1) }
            guard let right = query.number else { return nil }
            let double = Double(left)
            return double < right ? -1 : (double == right ? 0 : 1)
        case .double(let left):
            guard let right = query.number, !left.isNaN else { return nil }
            return left < right ? -1 : (left == right ? 0 : 1)
        case .bool(let flag):
            guard let other = query.boolean else { return nil }
            return flag == other ? 0 : (flag ? 1 : -1)
        default:
            return nil
        }
    }

    /// Whether an item whose field at `path` has this value (nil: no such field) passes this filter.
    public func matches(field: JSONValue?) -> Bool {
        guard let field else { return op == .ne }
        switch op {
        case .eq, .in:
            return values.contains { queryEquals(field, $0) }
        case .ne:
            return !values.contains { queryEquals(field, $0) }
        case .lt:
            return values.contains { (queryCompare(field, $0) ?? 0) < 0 }
        case .lte:
            return values.contains { (queryCompare(field, $0) ?? 1) <= 0 }
        case .gt:
            return values.contains { (queryCompare(field, $0) ?? 0) > 0 }
        case .gte:
            return values.contains { (queryCompare(field, $0) ?? -1) >= 0 }
        case .contains:
            return values.contains { value in
                switch field {
                case .string(let string): string.lowercased().contains(value.folded)
                case .array(let elements): elements.contains { queryEquals($0, value) }
                default: false
                }
            }
        case .startsWith:
            guard case .string(let string) = field else { return false }
            let folded = string.lowercased()
            return values.contains { folded.hasPrefix($0.folded) }
        case .endsWith:
            guard case .string(let string) = field else { return false }
            let folded = string.lowercased()
            return values.contains { folded.hasSuffix($0.folded) }
        case .like:
            let text: String
            switch field {
            case .string(let string): text = string
            case .number(let number): text = number.literal
            default: return false
            }
            return patterns.contains { $0.isMatch(text) }
        }
    }
}

/// `q=text`: whether any string, number or boolean anywhere in `value` contains `folded` (already lower-cased),
/// as json-server v0 searches (`q=1` finds `{"views": 1}`, `q=true` finds `{"done": true}`); null never matches.
func containsText(_ value: JSONValue, _ folded: String) -> Bool {
    switch value {
    case .string(let string): string.lowercased().contains(folded)
    case .number(let number): number.literal.lowercased().contains(folded)
    case .bool(let bool): (bool ? "true" : "false").contains(folded)
    case .array(let elements): elements.contains { containsText($0, folded) }
    case .object(let object): object.values.contains { containsText($0, folded) }
    case .null: false
    }
}
