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
    public func matches(_ item: JSONValue) -> Bool {
        guard let field = path.value(in: item) else { return op == .ne }
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
