import JSON

/// A value from the query string, read in whichever JSON type the field it is compared with has.
///
/// `?userId=1` is the number 1 when compared with a number, the text "1" when compared with a string,
/// so it matches both `"userId": 1` and `"userId": "1"`.
public struct QueryValue: Sendable, Hashable {
    public let text: String
    /// `text` lower-cased, for the case-insensitive string operators.
    public let folded: String
    /// The number the text spells, when it is one (`1`, `-2.5`, `1e3`).
    public let number: Double?
    /// The integer the text spells, when it is one (exact comparison of large ids).
    public let integer: Int?

    public init(_ text: String) {
        self.text = text
        self.folded = text.lowercased()
        self.integer = Int(text)
        self.number = Self.parseNumber(text)
    }

    private static func parseNumber(_ text: String) -> Double? {
        // Only JSON-looking numbers: no "inf", "nan", hex or leading "+".
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57) else {
            return nil
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `true` / `false` when the text spells a boolean.
    var boolean: Bool? {
        switch text {
        case "true": true
        case "false": false
        default: nil
        }
    }
}

/// Compares a JSON number with a query number: exact on integers, by Double otherwise.
func compareNumber(_ number: JSONNumber, _ query: QueryValue) -> Int? {
    if let left = number.intValue, let right = query.integer { return left < right ? -1 : (left == right ? 0 : 1) }
    guard let right = query.number else { return nil }
    let left = number.doubleValue
    guard !left.isNaN else { return nil }
    return left < right ? -1 : (left == right ? 0 : 1)
}

/// Type-aware equality: the query text read as the field's own type. An array field matches when one of its
/// elements does. Objects never equal a query value.
func queryEquals(_ field: JSONValue, _ query: QueryValue) -> Bool {
    switch field {
    case .null: query.text == "null"
    case .bool(let value): query.boolean == value
    case .number(let number): compareNumber(number, query) == 0
    case .string(let string): string == query.text
    case .array(let elements): elements.contains { queryEquals($0, query) }
    case .object: false
    }
}

/// Type-aware ordering of a field against a query value: numbers numerically, strings by code points,
/// booleans false < true. nil when the two cannot be ordered (the filter then does not match).
func queryCompare(_ field: JSONValue, _ query: QueryValue) -> Int? {
    switch field {
    case .number(let number):
        return compareNumber(number, query)
    case .string(let string):
        return compareCodePoints(string, query.text)
    case .bool(let value):
        guard let other = query.boolean else { return nil }
        return value == other ? 0 : (value ? 1 : -1)
    case .null, .array, .object:
        return nil
    }
}

/// Orders strings by Unicode code points (case-sensitive; no locale).
func compareCodePoints(_ a: String, _ b: String) -> Int {
    if a == b { return 0 }
    return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
}
