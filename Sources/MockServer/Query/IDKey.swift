import JSON

/// The lookup key of an id: `1`, `1.0` and `"1"` all have the key `"1"`, so `/users/1` finds either.
///
/// Only strings and numbers can be ids; other values have no key.
public func idKey(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): text
    case .number(let number): numberKey(number)
    default: nil
    }
}

/// An integer-valued number's key is its shortest decimal form; other numbers keep their literal.
func numberKey(_ number: JSONNumber) -> String {
    if let integer = number.intValue { return String(integer) }
    let double = number.doubleValue
    if double.isFinite, double == double.rounded(), abs(double) < 1e15 { return String(Int(double)) }
    return number.literal
}
