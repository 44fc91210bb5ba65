/// Parses a size such as `--max-body`'s: `10MB`, `512KB`, `100B` or plain bytes (units are powers of 1024, case does
/// not matter, `K`/`M`/`G` alone are accepted, blanks around are ignored). Nil when the text is not a size or the
/// size does not fit in an `Int`.
public func parseByteSize(_ text: String) -> Int? {
    let upper = text.uppercased().trimmingBlanks()
    let units: [(suffix: String, factor: Int)] = [
        ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ("B", 1),
    ]
    let unit = units.first { upper.hasSuffix($0.suffix) }
    let digits = upper.dropLast(unit?.suffix.count ?? 0).trimmingBlanks()
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
        let number = Int(digits)
    else { return nil }
    let (result, overflow) = number.multipliedReportingOverflow(by: unit?.factor ?? 1)
    return overflow ? nil : result
}
