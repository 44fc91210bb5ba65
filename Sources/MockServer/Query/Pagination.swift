import JSON

/// A page of a collection, json-server v1 style: pages are numbered from 1, a page out of range is clamped
/// to the first or last page, and a page size below 1 counts as 1.
///
/// Any `Int` is a valid request (`Int.max` items per page, page `Int.min`): the arithmetic never overflows, since
/// the page number is clamped first and every product and sum below stays within `totalItems`.
public struct Page: Sendable, Equatable {
    public let number: Int
    public let size: Int
    public let pages: Int
    public let totalItems: Int

    public init(requested: Int, size requestedSize: Int, totalItems requestedTotal: Int) {
        let totalItems = max(0, requestedTotal)
        let size = max(1, requestedSize)
        let pages = totalItems == 0 ? 1 : (totalItems - 1) / size + 1
        self.number = min(max(1, requested), pages)
        self.size = size
        self.pages = pages
        self.totalItems = totalItems
    }

    public var first: Int { 1 }
    public var last: Int { pages }
    public var previous: Int? { number > 1 ? number - 1 : nil }
    public var next: Int? { number < pages ? number + 1 : nil }

    /// The positions of this page's items in the whole (filtered, sorted) list.
    public var range: Range<Int> {
        // number <= pages, so (number - 1) * size <= totalItems - 1 when there is more than one page.
        let start = number == 1 ? 0 : (number - 1) * size
        return start..<(start + min(size, totalItems - start))
    }

    /// The v1 envelope `{"first","prev","next","last","pages","items","data"}` around `data`.
    public func envelope(_ data: [JSONValue]) -> JSONValue {
        var object = JSONObject()
        object["first"] = .number(JSONNumber(first))
        object["prev"] = previous.map { .number(JSONNumber($0)) } ?? .null
        object["next"] = next.map { .number(JSONNumber($0)) } ?? .null
        object["last"] = .number(JSONNumber(last))
        object["pages"] = .number(JSONNumber(pages))
        object["items"] = .number(JSONNumber(totalItems))
        object["data"] = .array(data)
        return .object(object)
    }
}

/// v0 slicing: `_start` (default 0), then `_end` or `_limit` items; out-of-range bounds are clamped (without
/// overflowing: `_start=1&_limit=<Int.max>` is everything after the first).
public struct Slice: Sendable, Equatable {
    public var start: Int
    public var end: Int?
    public var limit: Int?

    public init(start: Int = 0, end: Int? = nil, limit: Int? = nil) {
        self.start = start
        self.end = end
        self.limit = limit
    }

    public func range(count: Int) -> Range<Int> {
        let lower = min(max(0, start), count)
        var upper = count
        if let end { upper = min(upper, max(0, end)) }
        if let limit { upper = min(upper, lower + min(max(0, limit), count - lower)) }
        return lower..<max(lower, upper)
    }
}
