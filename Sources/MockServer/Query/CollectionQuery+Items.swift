import JSON

/// Running a query on a stored collection: filters and sorts read the typed columns the store keeps
/// (`FieldColumns`), a page is chosen with a bounded heap instead of a full sort, and only the items sent are
/// touched as text.
extension CollectionQuery {
    /// The fields filters and sorts read, for which the store keeps columns.
    public var columnPaths: [FieldPath] { filters.map(\.path) + sort.map(\.path) }

    func run(on collection: ItemCollection, resource: String, database: Database) throws(CollectionQueryError)
        -> QueryAnswer
    {
        var resolved: [Embed] = []
        for name in embeds {
            resolved.append(try Embed.resolve(name, for: resource, in: database, suffix: foreignKeySuffix))
        }
        let filterColumns = filters.map { $0.readsColumns ? collection.columns.column($0.path) : nil }
        var matched: [Int]
        if search == nil, whereClause == nil, !filters.isEmpty, !filterColumns.contains(where: { $0 == nil }) {
            matched = matchingSlots(filterColumns.map { $0! })
        } else {
            matched = matchingSlots(collection, filterColumns)
        }
        if Task.isCancelled { matched = [] }
        let total = matched.count
        let (page, range) = cut(total)
        let chosen = sort.isEmpty ? Array(matched[range]) : sortedSlots(matched, range, in: collection)
        var items = chosen.map { collection.item(atSlot: $0)! }
        if !resolved.isEmpty {
            items = embed(resolved, into: items.map(\.value), from: database).map {
                StoredItem($0, idField: database.idField)
            }
        }
        return QueryAnswer(items: items, totalCount: total, page: page, paging: paging)
    }

    /// The slots whose items pass every filter, read from the filters' columns alone: the first filter scans its
    /// column, the others look at the slots that passed.
    private func matchingSlots(_ columns: [FieldColumns.Column]) -> [Int] {
        var matched: [Int] = []
        let first = filters[0]
        columns[0].forEachChunk { base, values in
            for index in values.indices {
                let value = values[index]
                if case .vacant = value { continue }
                if first.matches(value) { matched.append(base + index) }
            }
            // A request whose client has gone is cancelled: stop looking at items (ConnectionWatch).
            return !Task.isCancelled
        }
        for (filter, column) in zip(filters, columns).dropFirst() {
            matched.removeAll { !filter.matches(column[$0]) }
        }
        return matched
    }

    /// The slots whose items pass the filters and `q`, parsing the items no column answers for.
    private func matchingSlots(_ collection: ItemCollection, _ columns: [FieldColumns.Column?]) -> [Int] {
        var matched: [Int] = []
        collection.forEachItem { slot, item in
            if Task.isCancelled { return false }
            var parsed: JSONValue?
            for (index, filter) in filters.enumerated() {
                if let column = columns[index] {
                    guard filter.matches(column[slot]) else { return true }
                } else {
                    if parsed == nil { parsed = item.value }
                    guard filter.matches(field: filter.path.value(in: parsed!)) else { return true }
                }
            }
            if whereClause != nil || search != nil {
                if parsed == nil { parsed = item.value }
                if let whereClause, !whereClause.matches(parsed!) { return true }
                if let search, !containsText(parsed!, search) { return true }
            }
            matched.append(slot)
            return true
        }
        return matched
    }

    /// The slots of `range` of `slots` in sort order (stable: equal items keep their order). A range that ends in
    /// the first half is chosen with a bounded heap: O(n log k) for page k, instead of sorting everything.
    private func sortedSlots(_ slots: [Int], _ range: Range<Int>, in collection: ItemCollection) -> [Int] {
        guard !range.isEmpty else { return [] }
        let width = sort.count
        let columns = sort.map { collection.columns.column($0.path) }
        var values: [SortValue] = []
        values.reserveCapacity(slots.count * width)
        for slot in slots {
            var parsed: JSONValue?
            for (index, key) in sort.enumerated() {
                if let column = columns[index] {
                    values.append(column[slot])
                } else {
                    if parsed == nil { parsed = collection.item(atSlot: slot)!.value }
                    values.append(SortValue(key.path.value(in: parsed!)))
                }
            }
        }
        let descending = sort.map(\.descending)
        let order: [Int] = values.withUnsafeBufferPointer { values in
            descending.withUnsafeBufferPointer { descending in
                // Whether the item at position a of `slots` comes before the one at b.
                let before: (Int, Int) -> Bool = { a, b in
                    for index in 0..<width {
                        let order = SortValue.compare(values[a * width + index], values[b * width + index])
                        if order != 0 { return descending[index] ? order > 0 : order < 0 }
                    }
                    return a < b
                }
                if range.upperBound <= slots.count / 2 {
                    return firstPositions(range.upperBound, of: slots.count, before: before)
                }
                return Array(slots.indices).sorted(by: before)
            }
        }
        return order[range].map { slots[$0] }
    }
}

/// The first `count` of the positions `0..<total` in the order `before`, in that order: a bounded max-heap (its
/// root is the last of those kept so far), O(total log count).
func firstPositions(_ count: Int, of total: Int, before: (Int, Int) -> Bool) -> [Int] {
    guard count > 0 else { return [] }
    var heap: [Int] = []
    heap.reserveCapacity(count)
    func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var largest = left
            if left + 1 < heap.count, before(heap[left], heap[left + 1]) { largest = left + 1 }
            guard before(heap[parent], heap[largest]) else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
    for position in 0..<total {
        if heap.count < count {
            heap.append(position)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard before(heap[parent], heap[child]) else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if before(position, heap[0]) {
            heap[0] = position
            siftDown(0)
        }
    }
    return heap.sorted(by: before)
}
