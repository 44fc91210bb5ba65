import PostgresNIO

/// A collection query's filters as a SQL condition on `api.items.doc` that keeps every item the filters could
/// pass (a superset): the server then runs the exact filters on what PostgreSQL sends, so both stores answer
/// alike while PostgreSQL leaves out most items. Rows without `doc` (values JSONB cannot hold) always pass.
///
/// Each filter becomes a type check plus, for numbers and strings, a comparison: numbers within a relative 1e-12
/// of the query number (the server compares by Double), strings equal after NFD normalization (the server's
/// string equality is canonical equivalence) or in code point order (`COLLATE "C"` on UTF-8). `ne` leaves every
/// item in. The SQL text holds only placeholders; paths and values are binds.
struct PostgresPrefilter {
    /// The condition; its placeholders follow those of the binds it was given.
    private(set) var sql = ""
    /// The binds given, then the condition's.
    private(set) var binds: PostgresBindings
    private var next: Int
    /// Whether the database keeps text as UTF-8 (then `normalize()` is available for string equality).
    private let unicode: Bool

    /// Nil when no filter narrows anything (only `ne`, or paths PostgreSQL might read differently).
    init?(_ filters: [Filter], after binds: PostgresBindings, unicode: Bool) {
        self.binds = binds
        next = binds.count + 1
        self.unicode = unicode
        var parts: [String] = []
        for filter in filters {
            if let part = condition(filter) { parts.append("(\(part))") }
        }
        guard !parts.isEmpty else { return nil }
        sql = "(doc IS NULL OR (\(parts.joined(separator: " AND "))))"
    }

    private mutating func placeholder(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        defer { next += 1 }
        return "$\(next)"
    }

    /// A path the server and `#>` read alike: member names, and array indexes written as plain digits.
    private static func pushable(_ path: FieldPath) -> Bool {
        path.segments.allSatisfy { segment in
            guard Int(segment) != nil else { return true }
            return segment == "0" || (segment.first != "0" && segment.utf8.allSatisfy { $0 >= 48 && $0 <= 57 })
        }
    }

    private mutating func condition(_ filter: Filter) -> String? {
        guard filter.op != .ne, Self.pushable(filter.path) else { return nil }
        let field = "(doc #> \(placeholder(filter.path.segments))::text[])"
        let type = "jsonb_typeof\(field)"
        let number = "(CASE WHEN \(type) = 'number' THEN \(field)::numeric END)"
        let text = "(CASE WHEN \(type) = 'string' THEN \(field) #>> '{}' END)"
        var options: [String] = []
        switch filter.op {
        case .eq, .in:
            options.append("\(type) = 'array'")
            for value in filter.values {
                if value.text == "null" { options.append("\(type) = 'null'") }
                if value.boolean != nil { options.append("\(type) = 'boolean'") }
                if let target = value.number {
                    let (low, high) = Self.bounds(target)
                    options.append("\(number) BETWEEN \(placeholder(low))::numeric AND \(placeholder(high))::numeric")
                }
                options.append(stringEquals(text, value.text))
            }
        case .lt, .lte, .gt, .gte:
            let below = filter.op == .lt || filter.op == .lte
            for value in filter.values {
                if value.boolean != nil { options.append("\(type) = 'boolean'") }
                if let target = value.number {
                    let (low, high) = Self.bounds(target)
                    options.append(
                        below
                            ? "\(number) <= \(placeholder(high))::numeric" : "\(number) >= \(placeholder(low))::numeric"
                    )
                }
                let order = below ? "<" : ">"
                let ordered = "\(text) COLLATE \"C\" \(order) \(placeholder(value.text))"
                options.append(
                    filter.op == .lt || filter.op == .gt ? ordered : "\(ordered) OR \(stringEquals(text, value.text))")
            }
        case .contains:
            options.append("\(type) IN ('string', 'array')")
        case .startsWith, .endsWith:
            options.append("\(type) = 'string'")
        case .like:
            options.append("\(type) IN ('string', 'number')")
        case .ne:
            return nil
        }
        return options.joined(separator: " OR ")
    }

    /// A string field equal to `value` as the server compares strings (canonical equivalence).
    private mutating func stringEquals(_ text: String, _ value: String) -> String {
        guard unicode else { return "\(text) IS NOT NULL" }
        return "normalize(\(text), NFD) = normalize(\(placeholder(value)), NFD)"
    }

    /// Numbers a field may hold and still compare equal to `target` as a Double, widened generously.
    static func bounds(_ target: Double) -> (String, String) {
        let slack = abs(target) * 1e-12 + 1e-300
        return (String(describing: target - slack), String(describing: target + slack))
    }
}

/// Whether PostgreSQL's `jsonb` can hold the JSON text `bytes`: it refuses `\u0000` and unpaired surrogate
/// escapes, and `numeric` has a range. Conservative: a `no` only costs that item the prefilter.
func jsonbCanHold(_ bytes: [UInt8]) -> Bool {
    var index = 0
    var digits = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\\"), index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
            let hex = bytes[(index + 2)...(index + 5)].map { $0 | 0x20 }
            if hex == Array("0000".utf8) { return false }
            if hex[0] == UInt8(ascii: "d"), hex[1] >= UInt8(ascii: "8") { return false }
            index += 6
            digits = 0
            continue
        }
        if byte >= 48 && byte <= 57 {
            digits += 1
            if digits > 1000 { return false }
        } else {
            // An exponent of five digits or more may be past numeric's range.
            if (byte | 0x20) == UInt8(ascii: "e"), index + 5 < bytes.count {
                var run = index + 1
                if bytes[run] == UInt8(ascii: "+") || bytes[run] == UInt8(ascii: "-") { run += 1 }
                var count = 0
                while run < bytes.count, bytes[run] >= 48, bytes[run] <= 57 {
                    count += 1
                    run += 1
                }
                if count >= 5 { return false }
            }
            digits = 0
        }
        index += 1
    }
    return true
}
