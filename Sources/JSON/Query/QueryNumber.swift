/// Number conversions with jq's (C's) edge behaviour, so no Swift conversion can trap.
enum QueryNumber {
    /// A computed number as a JSON value: NaN and the infinities are kept (writers print null and the largest finite doubles, as jq does).
    static func value(_ value: Double) -> JSONValue {
        if !value.isFinite { return .number(JSONNumber.special(value)) }
        return .number(JSONNumber(value))
    }

    /// C's `(intmax_t)d` on x86-64: truncation, with NaN and out-of-range values giving `Int64.min`.
    static func truncatedInt64(_ d: Double) -> Int64 {
        guard d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return .min }
        return Int64(d)
    }

    /// C's `(int)d` on x86-64: truncation, with NaN and out-of-range values giving `Int32.min`.
    static func truncatedInt32(_ d: Double) -> Int {
        guard d.isFinite, d > -2147483649.0, d < 2147483648.0 else { return Int(Int32.min) }
        return Int(Int32(d))
    }

    /// jq's `jv_is_integer`.
    static func isInteger(_ d: Double) -> Bool {
        d.isFinite && abs(d - d.rounded(.towardZero)) < Double.ulpOfOne
    }
}
