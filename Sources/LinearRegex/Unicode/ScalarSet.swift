/// A set of Unicode scalars as sorted, disjoint, non-adjacent closed ranges, possibly negated.
struct ScalarSet: Equatable, Sendable {
    private(set) var ranges: [ClosedRange<UInt32>]
    var negated: Bool

    init(_ ranges: [ClosedRange<UInt32>] = [], negated: Bool = false) {
        self.ranges = ScalarSet.normalized(ranges)
        self.negated = negated
    }

    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        containsIgnoringNegation(value) != negated
    }

    /// Membership of `value` or of its case fold, for a set already closed under folding (`closedUnderFolding`).
    @inline(__always)
    func containsFolded(_ value: UInt32) -> Bool {
        (containsIgnoringNegation(value) || containsIgnoringNegation(CaseFolding.fold(value))) != negated
    }

    private func containsIgnoringNegation(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// The set plus the fold of each member, so that `containsFolded` finds every case variant. Members at or above
    /// `CaseFolding.tableBound` are folded only in ranges of up to `largeRangeLimit` scalars (a wide range such as
    /// `[\u0600-\uffff]` already holds both cases of whatever it covers).
    func closedUnderFolding(largeRangeLimit: UInt32 = 1024) -> ScalarSet {
        var added: [ClosedRange<UInt32>] = ranges
        for range in ranges {
            let low = range.lowerBound
            let high = range.upperBound
            let tableHigh = min(high, CaseFolding.tableBound - 1)
            if low <= tableHigh {
                for value in low...tableHigh { added.append(fold(value)) }
            }
            if high >= CaseFolding.tableBound && high - max(low, CaseFolding.tableBound) < largeRangeLimit {
                for value in max(low, CaseFolding.tableBound)...high { added.append(fold(value)) }
            }
        }
        return ScalarSet(added, negated: negated)
    }

    private func fold(_ value: UInt32) -> ClosedRange<UInt32> {
        let folded = CaseFolding.fold(value)
        return folded...folded
    }

    /// All scalars not in `ranges` (ignoring `negated`).
    static func complement(of ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in normalized(ranges) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            if range.upperBound == 0x10FFFF { return result }
            next = range.upperBound + 1
        }
        result.append(next...0x10FFFF)
        return result
    }

    private static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
