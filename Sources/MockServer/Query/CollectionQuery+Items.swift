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
        for name in embeds { resolved.append(try Embed.resolve(name, for: resource, in: database)) }
        let filterColumns = filters.map { collection.columns.column($0.path) }
        var matched: [Int] = []
        if filters.isEmpty, search == nil {
            matched.reserveCapacity(collection.count)
        }
        collection.forEachItem { slot, item in
            // A request whose client has gone is cancelled: stop looking at items (ConnectionWatch).
            if Task.isCancelled { return false }
            var parsed: JSONValue?
            for (index, filter) in filters.enumerated() {
                let field: JSONValue?
                if let column = filterColumns[index] {
                    field = column[slot]
                } else {
                    if parsed == nil { parsed = item.value }
                    field = filter.path.value(in: parsed!)
                }
                guard filter.matches(field: field) else { return true }
            }
            if let search {
                guard containsText(parsed ?? item.value, search) else { return true }
            }
            matched.append(slot)
            return true
        }
        let total = matched.count
        var page: Page?
        var range = 0..<total
        switch paging {
        case .envelope(let number, let size)?, .plain(let number, let size)?:
            page = Page(requested: number, size: size, totalItems: total)
            range = page!.range
        case nil:
            if let slice { range = slice.range(count: total) }
        }
        let chosen = sort.isEmpty ? Array(matched[range]) : sortedSlots(matched, range, in: collection)
        var items = chosen.map { collection.item(atSlot: $0)! }
        if !resolved.isEmpty {
            items = embed(resolved, into: items.map(\.value), from: database).map(StoredItem.init)
        }
        return QueryAnswer(items: items, totalCount: total, page: page, paging: paging)
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
                    values.append(SortValue(column[slot]))
                } else {
                    if parsed == nil { parsed = collection.item(atSlot: slot)!.value }
                    values.append(SortValue(key.path.value(in: parsed!)))
                }
            }
        }
        let descending = sort.map(\.descending)
        // Whether the item at position a of `slots` comes before the one at b.
        let before: (Int, Int) -> Bool = { a, b in
            for index in 0..<width {
                let order = SortValue.compare(values[a * width + index], values[b * width + index])
                if order != 0 { return descending[index] ? order > 0 : order < 0 }
            }
            return a < b
        }
        let order: [Int]
        if range.upperBound <= slots.count / 2 {
            var heap = BoundedHeap(capacity: range.upperBound, before: before)
            for position in slots.indices { heap.offer(position) }
            order = heap.sorted()
        } else {
            order = Array(slots.indices).sorted(by: before)
        }
        return order[range].map { slots[$0] }
    }
}

/// The `capacity` first elements of a sequence in an order, kept in a max-heap (its root is the last of them).
struct BoundedHeap {
    let capacity: Int
    let before: (Int, Int) -> Bool
    private var elements: [Int] = []

    init(capacity: Int, before: @escaping (Int, Int) -> Bool) {
        self.capacity = capacity
        self.before = before
        elements.reserveCapacity(capacity)
    }

    mutating func offer(_ element: Int) {
        guard capacity > 0 else { return }
        if elements.count < capacity {
            elements.append(element)
            siftUp(elements.count - 1)
        } else if before(element, elements[0]) {
            elements[0] = element
            siftDown(0)
        }
    }

    /// The kept elements, first first.
    func sorted() -> [Int] { elements.sorted(by: before) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(elements[parent], elements[child]) else { return }
            elements.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < elements.count else { return }
            var largest = left
            let right = left + 1
            if right < elements.count, before(elements[left], elements[right]) { largest = right }
            guard before(elements[parent], elements[largest]) else { return }
            elements.swapAt(parent, largest)
            parent = largest
        }
    }
}
