/// Searching text for a piece of text by its UTF-8 bytes. The standard library's `contains(_:)`, `firstRange(of:)`
/// and `split(separator:)` with a string argument come from `_StringProcessing`, whose regex engine then comes into
/// every binary that calls them (800 KB of code and its metadata, loaded and relocated at each start); the needles
/// here are ASCII punctuation and words, for which bytes and characters agree.
extension StringProtocol {
    /// The first place `needle` occurs, compared byte by byte; nil when it does not (or is empty).
    public func firstRange(ofText needle: String) -> Range<Index>? {
        firstRange(ofText: needle, from: startIndex)
    }

    /// `firstRange(ofText:)` from `start` on. Indices are stepped one by one: a slice `utf8[start...]` would make
    /// the runtime check `String.Index: Comparable` for `PartialRangeFrom`'s conformance by scanning every
    /// conformance record of the binary (paging in much of it) the first time, which is in every `api get`.
    func firstRange(ofText needle: String, from start: Index) -> Range<Index>? {
        let haystack = utf8
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return nil }
        var candidate = start
        while candidate != haystack.endIndex {
            if haystack[candidate] == head {
                var end = candidate
                var matched = 0
                while matched < pattern.count, end != haystack.endIndex, haystack[end] == pattern[matched] {
                    haystack.formIndex(after: &end)
                    matched += 1
                }
                if matched == pattern.count { return candidate..<end }
            }
            haystack.formIndex(after: &candidate)
        }
        return nil
    }

    /// Whether `needle` occurs, compared byte by byte.
    public func containsText(_ needle: String) -> Bool { firstRange(ofText: needle) != nil }

    /// The pieces between the occurrences of `separator` (not empty), empty pieces kept.
    public func split(separatorText separator: String) -> [SubSequence] {
        var pieces: [SubSequence] = []
        var pieceStart = startIndex
        while let found = firstRange(ofText: separator, from: pieceStart) {
            pieces.append(self[pieceStart..<found.lowerBound])
            pieceStart = found.upperBound
        }
        pieces.append(self[pieceStart..<endIndex])
        return pieces
    }
}
