/// One match: the range of the whole match and of each capture group, as UTF-8 byte offsets into the text.
public struct PatternMatch: Equatable, Sendable {
    /// `groups[0]` is the whole match; `groups[n]` is capture group `n`, or nil when it did not take part.
    public let groups: [Range<Int>?]

    public init(groups: [Range<Int>?]) { self.groups = groups }

    /// The whole match.
    public var range: Range<Int> { groups[0]! }

    /// Capture group `index` (0 is the whole match), nil when it did not take part or does not exist.
    public subscript(group index: Int) -> Range<Int>? {
        index >= 0 && index < groups.count ? groups[index] : nil
    }
}
