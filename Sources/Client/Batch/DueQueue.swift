/// Items waiting for a moment in time (retries waiting out their delay), earliest first; equal times keep the order
/// they were added in.
struct DueQueue<Element> {
    /// Sorted latest first, so the earliest is removed from the end.
    private var entries: [(due: Double, element: Element)] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// When the earliest item is due.
    var earliestDue: Double? { entries.last?.due }

    mutating func add(_ element: Element, due: Double) {
        // First position whose due time is not later than `due`: the new item goes before it (so after it in time).
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].due > due { low = middle + 1 } else { high = middle }
        }
        entries.insert((due, element), at: low)
    }

    /// Removes and returns the earliest item when it is due at `now`.
    mutating func popDue(now: Double) -> Element? {
        guard let last = entries.last, last.due <= now else { return nil }
        return entries.removeLast().element
    }
}
