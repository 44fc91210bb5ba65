#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `now`, `mktime`, `gmtime`, `localtime`, `strftime`, `strflocaltime`, `strptime` over C's time functions.
/// A broken-down time is jq's array: year, month (0-11), day, hours, minutes, seconds (with fraction), weekday,
/// day of the year.
extension QueryBuiltins {
    static let dates: [String: QueryNative] = [
        "now/0": .value { _, _ throws(QueryError) in
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return QueryNumber.value(Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
        },
        "mktime/0": .value { input, _ throws(QueryError) in
            guard case .array = input else { throw QueryError.runtime("mktime requires array of 6 numbers") }
            var parts = try brokenDown(input, "mktime")
            let seconds = timegm(&parts)
            return number(Int(seconds))
        },
        "gmtime/0": .value { input, _ throws(QueryError) in try fromEpoch(input, local: false, "gmtime") },
        "localtime/0": .value { input, _ throws(QueryError) in try fromEpoch(input, local: true, "localtime") },
        "strftime/1": .value { input, arguments throws(QueryError) in
            try format(input, arguments[0], local: false, "strftime")
        },
        "strflocaltime/1": .value { input, arguments throws(QueryError) in
            try format(input, arguments[0], local: true, "strflocaltime")
        },
        "strptime/1": .value { input, arguments throws(QueryError) in
            guard case .string(let text) = input else {
                throw QueryError.runtime("strptime/1 requires string inputs and arguments")
            }
            guard case .string(let pattern) = arguments[0] else {
                throw QueryError.runtime("strptime/1 requires string inputs and arguments")
            }
            var parts = tm()
            let matched = text.withCString { textPointer in
                pattern.withCString { patternPointer in
                    guard let end = c_strptime(textPointer, patternPointer, &parts) else { return false }
                    return end.pointee == 0 || isTrailingSpace(end)
                }
            }
            guard matched else {
                throw QueryError.runtime("date \"\(text)\" does not match format \"\(pattern)\"")
            }
            // Normalise the weekday and day of the year as jq does (timegm, then gmtime).
            var copy = parts
            var seconds = timegm(&copy)
            var normalised = tm()
            gmtime_r(&seconds, &normalised)
            parts.tm_wday = normalised.tm_wday
            parts.tm_yday = normalised.tm_yday
            return array(of: parts, fraction: 0)
        },
    ]

    private static func isTrailingSpace(_ pointer: UnsafePointer<CChar>) -> Bool {
        var p = pointer
        while p.pointee != 0 {
            if p.pointee != 0x20 && p.pointee != 0x0A && p.pointee != 0x09 { return false }
            p += 1
        }
        return true
    }

    static func array(of parts: tm, fraction: Double) -> JSONValue {
        .array([
            number(Int(parts.tm_year) + 1900), number(Int(parts.tm_mon)), number(Int(parts.tm_mday)),
            number(Int(parts.tm_hour)), number(Int(parts.tm_min)), QueryNumber.value(Double(parts.tm_sec) + fraction),
            number(Int(parts.tm_wday)), number(Int(parts.tm_yday)),
        ])
    }

    static func brokenDown(_ value: JSONValue, _ name: String) throws(QueryError) -> tm {
        guard case .array(let items) = value else {
            throw QueryError.runtime("\(name) requires array of 6 numbers")
        }
        var numbers: [Double] = []
        for item in items {
            guard case .number(let n) = item else {
                throw QueryError.runtime("\(name) requires parsed datetime inputs")
            }
            numbers.append(n.doubleValue)
        }
        func field(_ index: Int) -> Int32 {
            index < numbers.count ? Int32(clamping: QueryNumber.truncatedInt64(numbers[index])) : 0
        }
        var parts = tm()
        parts.tm_year = Int32(clamping: Int(field(0)) - 1900)
        parts.tm_mon = field(1)
        parts.tm_mday = field(2)
        parts.tm_hour = field(3)
        parts.tm_min = field(4)
        parts.tm_sec = field(5)
        parts.tm_wday = field(6)
        parts.tm_yday = field(7)
        return parts
    }

    private static func fromEpoch(_ input: JSONValue, local: Bool, _ name: String) throws(QueryError) -> JSONValue {
        guard case .number(let n) = input else { throw QueryError.runtime("\(name)() requires a number") }
        let d = n.doubleValue
        guard d.isFinite, abs(d) < 1e17 else { throw QueryError.runtime("\(name)() requires a valid time") }
        let whole = d.rounded(.down)
        var seconds = time_t(whole)
        var parts = tm()
        if local { localtime_r(&seconds, &parts) } else { gmtime_r(&seconds, &parts) }
        return array(of: parts, fraction: d - whole)
    }

    private static func format(_ input: JSONValue, _ pattern: JSONValue, local: Bool, _ name: String)
        throws(QueryError) -> JSONValue
    {
        var brokenDownValue = input
        if case .number = input { brokenDownValue = try fromEpoch(input, local: local, name) }
        guard case .array = brokenDownValue else {
            throw QueryError.runtime("\(name)/1 requires parsed datetime inputs")
        }
        guard case .string(let text) = pattern else { throw QueryError.runtime("\(name)/1 requires a string format") }
        var parts = try brokenDown(brokenDownValue, name)
        if local {
            var copy = parts
            var seconds = timegm(&copy)
            localtime_r(&seconds, &parts)
        }
        var buffer = [CChar](repeating: 0, count: 512)
        let count = text.withCString { strftime(&buffer, buffer.count, $0, &parts) }
        if count == 0 && !text.isEmpty { throw QueryError.runtime("\(name)/1: unknown system failure") }
        return .string(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}

/// C's `strptime`, which Glibc's module map hides (it needs `_XOPEN_SOURCE`); the signature is POSIX's.
@_silgen_name("strptime")
private func c_strptime(
    _ text: UnsafePointer<CChar>, _ format: UnsafePointer<CChar>, _ parts: UnsafeMutablePointer<tm>
) -> UnsafePointer<CChar>?
