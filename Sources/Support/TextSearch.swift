/// Searching text for a piece of text by its UTF-8 bytes. The standard library's `contains(_:)`, `firstRange(of:)`
/// and `split(separator:)` with a string argument come from `_StringProcessing`, whose regex engine then comes into
/// every binary that calls them (800 KB of code and its metadata, loaded and relocated at each start); the needles
/// here are ASCII punctuation and words, for which bytes and characters agree.
extension StringProtocol {
    /// The first place `needle` occurs, compared byte by byte; nil when it does not (or is empty).
    public func firstRange(ofText needle: String) -> Range<Index>? {
        let haystack = utf8
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return nil }
        var start = haystack.startIndex
        while let found = haystack[start...].firstIndex(of: head) {
            var end = found
            var matched = 0
            while matched < pattern.count, end != haystack.endIndex, haystack[end] == pattern[matched] {
                haystack.formIndex(after: &end)
                matched += 1
            }
            if matched == pattern.count { return found..<end }
            start = haystack.index(after: found)
        }
        return nil
    }

    /// Whether `needle` occurs, compared byte by byte.
    public func containsText(_ needle: String) -> Bool { firstRange(ofText: needle) != nil }

    /// The pieces between the occurrences of `separator` (not empty), empty pieces kept.
    public func split(separatorText separator: String) -> [SubSequence] {
        var pieces: [SubSequence] = []
        var rest = self[...]
        while let found = rest.firstRange(ofText: separator) {
            pieces.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
        }
        pieces.append(rest)
        return pieces
    }
}
