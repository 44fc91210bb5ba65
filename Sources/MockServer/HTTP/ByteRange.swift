/// A `Range: bytes=…` request header against a file of `size` bytes (RFC 9110 §14).
///
/// One range is served: `bytes=FIRST-LAST`, `bytes=FIRST-` and the suffix `bytes=-LENGTH`, with `LAST` and `LENGTH`
/// clamped to the file (numbers too large for `Int` count as "to the end"). A header that does not parse, names
/// another unit, or asks for several ranges is ignored (the whole file is sent, as RFC 9110 allows); a range that
/// starts past the end, or an empty suffix, is unsatisfiable (416).
enum ByteRange: Equatable {
    case whole
    /// Byte offsets, both included.
    case partial(ClosedRange<Int>)
    case unsatisfiable

    init(header: String?, size: Int) {
        guard let header else {
            self = .whole
            return
        }
        let text = header.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        let prefix = Array("bytes=".utf8)
        guard text.count > prefix.count,
            zip(text.prefix(prefix.count), prefix).allSatisfy({ $0 | 0x20 == $1 | 0x20 }),
            !text.contains(UInt8(ascii: ","))
        else {
            self = .whole
            return
        }
        let spec = text.dropFirst(prefix.count)
        guard let dash = spec.firstIndex(of: UInt8(ascii: "-")) else {
            self = .whole
            return
        }
        let firstDigits = spec[..<dash]
        let lastDigits = spec[spec.index(after: dash)...]
        guard let first = Self.number(firstDigits), let last = Self.number(lastDigits) else {
            self = .whole
            return
        }
        switch (first, last) {
        case (nil, nil):
            self = .whole
        case (nil, let length?):
            self = length == 0 || size == 0 ? .unsatisfiable : .partial(max(size - length, 0)...(size - 1))
        case (let start?, nil):
            self = start >= size ? .unsatisfiable : .partial(start...(size - 1))
        case (let start?, let end?):
            if end < start {
                self = .whole
            } else {
                self = start >= size ? .unsatisfiable : .partial(start...min(end, size - 1))
            }
        }
    }

    /// Decimal digits as a number (`Int.max` when too large), `.some(nil)` when empty, nil when not digits.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int?? {
        guard !digits.isEmpty else { return .some(nil) }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            if overflow || overflow2 { return .some(.max) }
            value = sum
        }
        return .some(value)
    }
}
