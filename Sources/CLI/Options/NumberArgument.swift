/// Numbers read from the command line: plain decimal digits only (no sign, exponent, hex, `inf` or `nan`), checked
/// against the option's documented range where they are read, so no later arithmetic can overflow. A number out of
/// range is a usage error naming the option and the range.
public enum NumberArgument {
    /// The accepted ranges, documented in the README's "Limits" paragraph.
    static let seconds: ClosedRange<Double> = 0.001...1_000_000
    static let retries: ClosedRange<Int> = 0...1000
    static let redirects: ClosedRange<Int> = 0...1000
    static let parallel: ClosedRange<Int> = 1...1024
    static let rate: ClosedRange<Double> = 0.001...1_000_000
    static let pages: ClosedRange<Int> = 1...1_000_000

    /// A whole number such as `3`, within `range`.
    public static func integer(_ text: String, option: String, range: ClosedRange<Int>, unit: String = "a whole number")
        throws(UsageError) -> Int
    {
        guard !text.isEmpty, text.utf8.allSatisfy(isDigit), let value = Int(text), range.contains(value) else {
            throw UsageError(
                "bad --\(option) '\(text)': expected \(unit) from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A decimal number such as `2.5`, within `range`.
    static func decimal(_ text: String, option: String, range: ClosedRange<Double>, unit: String = "seconds")
        throws(UsageError) -> Double
    {
        guard isDecimal(text), let value = Double(text), range.contains(value) else {
            throw UsageError(
                "bad --\(option) '\(text)': expected \(unit) from \(show(range.lowerBound)) to "
                    + "\(show(range.upperBound)), e.g. 2.5")
        }
        return value
    }

    /// `12`, `0.5`, `.5`, `3.`: digits with at most one dot.
    public static func isDecimal(_ text: String) -> Bool {
        var digits = 0
        var dots = 0
        for byte in text.utf8 {
            if isDigit(byte) {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return false
            }
        }
        return digits > 0 && dots <= 1
    }

    static func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
