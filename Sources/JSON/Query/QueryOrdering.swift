#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// jq's truthiness, equality and total order over JSON values:
/// null < false < true < numbers < strings < arrays < objects; numbers by value, strings by UTF-8 bytes, arrays
/// element by element, objects by their sorted key lists and then by the values under those keys.
enum QueryOrdering {
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool(false): false
        default: true
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { compare(a, b) == 0 }

    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        let (rankA, rankB) = (rank(a), rank(b))
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (a, b) {
        case (.number(let x), .number(let y)):
            let (dx, dy) = (x.doubleValue, y.doubleValue)
            return dx < dy ? -1 : (dx == dy ? 0 : 1)
        case (.string(let x), .string(let y)):
            return compareStrings(x, y)
        case (.array(let x), .array(let y)):
            for (left, right) in zip(x, y) {
                let order = compare(left, right)
                if order != 0 { return order }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.object(let x), .object(let y)):
            let keysX = sortedKeys(x)
            let keysY = sortedKeys(y)
            let keyOrder = compare(.array(keysX.map(JSONValue.string)), .array(keysY.map(JSONValue.string)))
            if keyOrder != 0 { return keyOrder }
            for key in keysX {
                let order = compare(x[key] ?? .null, y[key] ?? .null)
                if order != 0 { return order }
            }
            return 0
        default:
            return 0  // same rank and not a container: null, false or true
        }
    }

    /// Byte-wise on UTF-8, as jq does (Swift's `<` on String uses Unicode canonical ordering).
    static func compareStrings(_ x: String, _ y: String) -> Int {
        // Native strings are contiguous UTF-8: one memcmp.
        let contiguous = x.utf8.withContiguousStorageIfAvailable { a in
            y.utf8.withContiguousStorageIfAvailable { b -> Int in
                let shared = min(a.count, b.count)
                if shared > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                    let order = memcmp(pa, pb, shared)
                    if order != 0 { return order < 0 ? -1 : 1 }
                }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
        if let order = contiguous ?? nil { return order }
        var left = x.utf8.makeIterator()
        var right = y.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let l?, let r?) where l != r: return l < r ? -1 : 1
            default: continue
            }
        }
    }

    static func sortedKeys(_ object: JSONObject) -> [String] {
        object.keys.sorted().map(\.string)
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 0
        case .bool(false): 1
        case .bool(true): 2
        case .number: 3
        case .string: 4
        case .array: 5
        case .object: 6
        }
    }
}
