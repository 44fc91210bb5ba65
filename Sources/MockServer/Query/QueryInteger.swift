/// An integer query parameter (`_page`, `_per_page`, `_start`, `_end`, `_limit`), range-checked where it is read.
///
/// The text must be a decimal integer (an optional sign, then digits); anything else is an error naming the
/// parameter. A value below `minimum` is an error too. A value past Int's range is clamped to `Int.min` or
/// `Int.max` rather than refused: `_per_page=99999999999999999999` means "everything", and the pagination
/// arithmetic that follows clamps every value into the list without overflowing.
enum QueryInteger {
    static func parse(_ text: String, name: String, minimum: Int = .min) throws(CollectionQueryError) -> Int {
        guard let value = clamped(text), value >= minimum else {
            throw CollectionQueryError("\(name) must be \(expectation(minimum)), got '\(text)'")
        }
        return value
    }

    /// The integer `text` spells, clamped to Int's range; nil when it is not a decimal integer.
    static func clamped(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return negative ? .min : .max
    }

    private static func expectation(_ minimum: Int) -> String {
        switch minimum {
        case .min: "an integer"
        case 0: "a non-negative integer"
        default: "an integer of at least \(minimum)"
        }
    }
}
