#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C math functions jq exposes: one-argument ones apply to the input, the others take `$` arguments.
extension QueryBuiltins {
    private static let unary: [(String, @Sendable (Double) -> Double)] = [
        ("acos", { acos($0) }), ("acosh", { acosh($0) }), ("asin", { asin($0) }), ("asinh", { asinh($0) }),
        ("atan", { atan($0) }), ("atanh", { atanh($0) }), ("cbrt", { cbrt($0) }), ("cos", { cos($0) }),
        ("cosh", { cosh($0) }), ("exp", { exp($0) }), ("exp2", { exp2($0) }), ("floor", { $0.rounded(.down) }),
        ("j0", { j0($0) }), ("j1", { j1($0) }), ("log", { log($0) }), ("log10", { log10($0) }),
        ("log2", { log2($0) }), ("sin", { sin($0) }), ("sinh", { sinh($0) }), ("sqrt", { $0.squareRoot() }),
        ("tan", { tan($0) }), ("tanh", { tanh($0) }), ("tgamma", { tgamma($0) }), ("y0", { y0($0) }),
        ("y1", { y1($0) }), ("ceil", { $0.rounded(.up) }), ("erf", { erf($0) }), ("erfc", { erfc($0) }),
        ("exp10", { pow(10, $0) }), ("expm1", { expm1($0) }), ("fabs", { abs($0) }), ("gamma", { lgamma($0) }),
        ("lgamma", { lgamma($0) }), ("log1p", { log1p($0) }), ("logb", { logb($0) }),
        ("nearbyint", { $0.rounded(.toNearestOrEven) }), ("rint", { $0.rounded(.toNearestOrEven) }),
        ("round", { $0.rounded(.toNearestOrAwayFromZero) }), ("significand", { significandOf($0) }),
        ("trunc", { $0.rounded(.towardZero) }),
    ]

    private static let binary: [(String, @Sendable (Double, Double) -> Double)] = [
        ("atan2", { atan2($0, $1) }), ("hypot", { hypot($0, $1) }), ("pow", { pow($0, $1) }),
        ("remainder", { remainder($0, $1) }), ("copysign", { copysign($0, $1) }), ("drem", { remainder($0, $1) }),
        ("fdim", { fdim($0, $1) }), ("fmax", { fmax($0, $1) }), ("fmin", { fmin($0, $1) }),
        ("fmod", { fmod($0, $1) }), ("nextafter", { nextafter($0, $1) }), ("nexttoward", { nextafter($0, $1) }),
        ("scalb", { $0 * pow(2, $1) }), ("scalbln", { scalbn($0, Int(QueryNumber.truncatedInt32($1))) }),
        ("ldexp", { scalbn($0, Int(QueryNumber.truncatedInt32($1))) }),
        ("jn", { jn(Int32(QueryNumber.truncatedInt32($0)), $1) }),
        ("yn", { yn(Int32(QueryNumber.truncatedInt32($0)), $1) }),
    ]

    static func significandOf(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        return x.significand * (x < 0 ? -1 : 1)
    }

    static let math: [String: QueryNative] = {
        var table: [String: QueryNative] = [:]
        for (name, function) in unary {
            table["\(name)/0"] = .value { input, _ throws(QueryError) in QueryNumber.value(function(try double(input)))
            }
        }
        for (name, function) in binary {
            table["\(name)/2"] = .value { _, arguments throws(QueryError) in
                QueryNumber.value(function(try double(arguments[0]), try double(arguments[1])))
            }
        }
        table["fma/3"] = .value { _, arguments throws(QueryError) in
            QueryNumber.value(fma(try double(arguments[0]), try double(arguments[1]), try double(arguments[2])))
        }
        table["frexp/0"] = .value { input, _ throws(QueryError) in
            let (mantissa, exponent) = frexp(try double(input))
            return .array([QueryNumber.value(mantissa), number(exponent)])
        }
        table["modf/0"] = .value { input, _ throws(QueryError) in
            let d = try double(input)
            let whole = d.rounded(.towardZero)
            return .array([QueryNumber.value(d.isInfinite ? 0 : d - whole), QueryNumber.value(whole)])
        }
        table["lgamma_r/0"] = .value { input, _ throws(QueryError) in
            let (value, sign) = lgamma(try double(input))
            return .array([QueryNumber.value(value), number(sign)])
        }
        return table
    }()
}
