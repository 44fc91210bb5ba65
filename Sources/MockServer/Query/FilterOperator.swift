/// The comparison a filter makes: `field:op=value`, or a v0 suffix `field_op=value`.
public enum FilterOperator: String, Sendable, CaseIterable {
    case eq, ne, lt, lte, gt, gte
    /// The field equals one of a comma-separated list.
    case `in`
    /// Case-insensitive substring on strings; element equality on arrays.
    case contains
    /// Case-insensitive prefix on strings.
    case startsWith
    /// Case-insensitive suffix on strings.
    case endsWith
    /// v0 `field_like`: a case-insensitive regular expression searched in strings and numbers.
    case like

    /// The v0 suffixes recognised on a plain `field_op` parameter name.
    static let legacySuffixes: [(suffix: String, op: FilterOperator)] = [
        ("_gte", .gte), ("_lte", .lte), ("_ne", .ne), ("_like", .like),
    ]

    /// Operators accepted after a colon (`like` is only a v0 suffix, but `:like` is accepted too).
    static func named(_ name: String) -> FilterOperator? { FilterOperator(rawValue: name) }
}
