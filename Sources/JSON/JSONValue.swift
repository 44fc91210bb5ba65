import OrderedCollections

/// An object's members in the order they arrived. A repeated key keeps its first position and its last value.
public typealias JSONObject = OrderedDictionary<JSONKey, JSONValue>

/// A JSON value that keeps object keys in order and numbers exactly as written.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number kept as its literal text, so `12345678901234567890` and `1.50` survive a round trip.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in the source (always a valid JSON number literal).
    public let literal: String

    /// Wraps a literal that is already known to be a valid JSON number.
    public init(literal: String) { self.literal = literal }

    public init(_ value: Int) { self.literal = String(value) }

    public init(_ value: Double) {
        // Integers below 1e17 print as digits, as jq 1.8 prints them (13911860366432392, not 1.39e+16).
        if value.isFinite, value == value.rounded(), abs(value) < 1e17 {
            self.literal = value == 0 && value.sign == .minus ? "-0" : String(Int(value))
        } else {
            self.literal = value.isFinite ? "\(value)" : "null"
        }
    }

    /// The value as a Double (may lose precision for very large integers).
    public var doubleValue: Double { Double(literal) ?? .nan }

    /// A computed value that JSON cannot write: `NaN`, `Infinity` or `-Infinity` (jq's `nan`, `infinite`).
    /// Writers print NaN as null and the infinities as the largest finite doubles, as jq does.
    public static func special(_ value: Double) -> JSONNumber {
        JSONNumber(literal: value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))
    }

    /// Whether this is the NaN that `special` makes.
    public var isNaN: Bool { literal == "NaN" }

    /// The literal as a writer prints it.
    public var printedLiteral: String {
        switch literal {
        case "Infinity": "1.7976931348623157e+308"
        case "-Infinity": "-1.7976931348623157e+308"
        default: literal
        }
    }

    /// The value as an Int when the literal is an integer that fits.
    public var intValue: Int? { Int(literal) }

    public var description: String { literal }
}

extension JSONValue {
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }

    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// Member lookup on an object; nil for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The JSON type name as jq spells it: null, boolean, number, string, array, object.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (JSONKey, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
