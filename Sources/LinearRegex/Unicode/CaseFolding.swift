/// Simple (one scalar to one scalar) case folding: the lower case of the upper case, so that `ς`, `σ` and `Σ`, or
/// `k`, `K` and the Kelvin sign, fold to the same scalar. A scalar whose mapping is several scalars (`ß` → `SS`)
/// folds to itself.
enum CaseFolding {
    /// Folded scalars below this bound are computed once, in a table (ASCII, Latin, Greek, Cyrillic).
    static let tableBound: UInt32 = 0x600

    private static let table: [UInt32] = (0..<tableBound).map(computeFold)

    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value &- 0x41 < 26 ? value | 0x20 : value }
        if value < tableBound { return table[Int(value)] }
        return computeFold(value)
    }

    private static func computeFold(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return value }
        let upper = single(scalar.properties.uppercaseMapping) ?? scalar
        if let lower = single(upper.properties.lowercaseMapping) { return lower.value }
        return (single(scalar.properties.lowercaseMapping) ?? scalar).value
    }

    private static func single(_ string: String) -> Unicode.Scalar? {
        var scalars = string.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }
}
