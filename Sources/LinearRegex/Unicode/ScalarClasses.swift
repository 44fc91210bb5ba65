/// The character classes of JavaScript regular expressions (without the `u` flag): `\d`, `\w` and `\b` are ASCII,
/// `\s` is Unicode white space and line terminators, `.` stops at line terminators.
enum ScalarClasses {
    static let digit: [ClosedRange<UInt32>] = [0x30...0x39]
    static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let space: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ]

    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        value < 0x80 && (value &- 0x30 < 10 || (value | 0x20) &- 0x61 < 26 || value == 0x5F)
    }

    /// `\n`, `\r`, U+2028 and U+2029.
    @inline(__always)
    static func isLineTerminator(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029
    }

    /// White space for the `x` flag.
    static func isPatternWhiteSpace(_ value: UInt32) -> Bool {
        value == 0x20 || (value >= 0x09 && value <= 0x0D) || value == 0x85 || value == 0x200E || value == 0x200F
            || value == 0x2028 || value == 0x2029
    }
}
