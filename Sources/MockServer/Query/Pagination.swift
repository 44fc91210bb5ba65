import JSON

/// A page of a collection, json-server v1 style: pages are numbered from 1, a page out of range is clamped
/// to the first or last page, and a page size below 1 counts as 1.
public struct Page: Sendable, Equatable {
    public let number: Int
    public let size: Int
    public let pages: Int
    public let totalItems: Int

    public init(requested: Int, size requestedSize: Int, totalItems: Int) {
        let size = max(1, requestedSize)
        let pages = max(1, (totalItems + size - 1) / size)
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
        let start = min((number - 1) * size, totalItems)
        return start..<min(start + size, totalItems)
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

/// v0 slicing: `_start` (default 0), then `_end` or `_limit` items; out-of-range bounds are clamped.
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
        let lower = min(start, count)
        var upper = count
        if let end { upper = min(upper, end) }
        if let limit { upper = min(upper, lower + limit) }
        return lower..<max(lower, upper)
    }
}
