import JSON
import Testing

@testable import MockServer

private let five: [JSONValue] = (1...5).map { ["id": .number(JSONNumber($0))] }

private func ids(_ items: [JSONValue]) -> [Int] { items.compactMap { $0["id"]?.numberValue?.intValue } }

private let max = "9223372036854775807"
private let min = "-9223372036854775808"
private let past = "99999999999999999999"

/// Numbers in the query string: every combination of extreme values answers (no overflow trap), junk is a 400.
struct QueryNumberTests {
    /// The integer grammar of `_page`, `_per_page`, `_start`, `_end`, `_limit`: text → value (clamped) or nil.
    @Test(
        arguments: [
            ("0", 0), ("7", 7), ("-7", -7), ("+7", 7), ("-0", 0), ("007", 7),
            (max, Int.max), (min, Int.min), (past, Int.max), ("-" + past, Int.min), ("+" + past, Int.max),
            ("", nil), ("-", nil), ("+", nil), ("abc", nil), ("1.5", nil), ("1e3", nil), ("12abc", nil), (" 1", nil),
            ("1 ", nil), ("0x10", nil), ("--1", nil), ("٣", nil), ("9" + past + "x", nil),
        ] as [(String, Int?)])
    func integerGrammar(text: String, expected: Int?) {
        #expect(QueryInteger.clamped(text) == expected)
    }

    /// Query → the ids answered (envelope data or plain array). None of these may trap.
    @Test(arguments: [
        ("_per_page=\(max)", [1, 2, 3, 4, 5]),
        ("_page=2&_per_page=\(max)", [1, 2, 3, 4, 5]),
        ("_page=\(max)&_per_page=\(max)", [1, 2, 3, 4, 5]),
        ("_page=\(max)&_per_page=2", [5]),
        ("_page=\(min)&_per_page=\(min)", [1]),
        ("_page=\(max)&_per_page=\(min)", [5]),
        ("_page=\(past)&_per_page=\(past)", [1, 2, 3, 4, 5]),
        ("_page=-\(past)&_per_page=2", [1, 2]),
        ("_page=3&_limit=\(max)", [1, 2, 3, 4, 5]),
        ("_page=\(max)&_limit=\(max)", [1, 2, 3, 4, 5]),
        ("_page=\(max)&_limit=1", [5]),
        ("_page=\(min)&_limit=0", [1]),
        ("_start=1&_limit=\(max)", [2, 3, 4, 5]),
        ("_start=\(max)&_limit=\(max)", []),
        ("_start=\(max)", []),
        ("_start=1&_end=\(max)", [2, 3, 4, 5]),
        ("_start=\(max)&_end=\(max)", []),
        ("_end=\(max)&_limit=\(max)", [1, 2, 3, 4, 5]),
        ("_start=\(past)&_limit=\(past)", []),
        ("_limit=\(past)", [1, 2, 3, 4, 5]),
        ("_start=4&_limit=\(past)", [5]),
    ])
    func extremePagesAnswer(query: String, expected: [Int]) throws {
        let result = try CollectionQuery(QueryParameters(query: Substring(query))).run(
            on: five, resource: "n", database: Database())
        #expect(ids(result.items) == expected)
        #expect(result.totalCount == 5)
    }

    /// The envelope's numbers stay in range when the page size is huge.
    @Test func envelopeForHugePageSize() throws {
        let result = try CollectionQuery(QueryParameters(query: "_page=\(max)&_per_page=\(max)")).run(
            on: five, resource: "n", database: Database())
        #expect(result.body["pages"] == 1)
        #expect(result.body["first"] == 1)
        #expect(result.body["last"] == 1)
        #expect(result.body["prev"] == .null)
        #expect(result.body["next"] == .null)
    }

    /// Page arithmetic on its own, for extreme sizes and totals (pages, number, range).
    @Test(
        arguments: [
            (Int.max, Int.max, 5, 1, 1, 0..<5),
            (Int.max, 1, Int.max, Int.max, Int.max, (Int.max - 1)..<Int.max),
            (2, Int.max, Int.max, 1, 1, 0..<Int.max),
            (Int.min, Int.min, 0, 1, 1, 0..<0),
            (Int.max, 2, Int.max, Int.max / 2 + 1, Int.max / 2 + 1, (Int.max - 1)..<Int.max),
            (3, 2, -1, 1, 1, 0..<0),
        ] as [(Int, Int, Int, Int, Int, Range<Int>)])
    func pageArithmetic(requested: Int, size: Int, total: Int, pages: Int, number: Int, range: Range<Int>) {
        let page = Page(requested: requested, size: size, totalItems: total)
        #expect(page.pages == pages)
        #expect(page.number == number)
        #expect(page.range == range)
    }

    @Test(arguments: [
        (Slice(start: Int.max, end: nil, limit: Int.max), Int.max, Int.max..<Int.max),
        (Slice(start: 1, end: nil, limit: Int.max), Int.max, 1..<Int.max),
        (Slice(start: Int.min, end: Int.min, limit: Int.min), 5, 0..<0),
        (Slice(start: 2, end: Int.max, limit: nil), 5, 2..<5),
    ])
    func sliceArithmetic(slice: Slice, count: Int, range: Range<Int>) {
        #expect(slice.range(count: count) == range)
    }

    /// A value that is not an integer, or is below the parameter's minimum, is an error naming the parameter.
    @Test(arguments: [
        ("_page=abc", "_page must be an integer, got 'abc'"),
        ("_page=", "_page must be an integer, got ''"),
        ("_per_page=1.5", "_per_page must be an integer, got '1.5'"),
        ("_per_page=1e3", "_per_page must be an integer, got '1e3'"),
        ("_start=-1", "_start must be a non-negative integer, got '-1'"),
        ("_end=-\(past)", "_end must be a non-negative integer, got '-\(past)'"),
        ("_limit=\(min)", "_limit must be a non-negative integer, got '\(min)'"),
        ("_limit=ten", "_limit must be a non-negative integer, got 'ten'"),
    ])
    func junkIsAnError(query: String, message: String) {
        #expect(throws: CollectionQueryError(message)) {
            try CollectionQuery(QueryParameters(query: Substring(query)))
        }
    }
}

/// How many keys a query string can make the engine work through: repeated `_sort` fields and `_embed` names are
/// kept once, and more than `maximumSortKeys` distinct sort fields is an error (sorting reads keys × items values).
struct QueryCountTests {
    @Test func repeatedSortFieldsAreKeptOnce() throws {
        let query = try CollectionQuery(QueryParameters(query: "_sort=age,-age,name,age,name&_order=desc"))
        #expect(query.sort == [SortKey(path: FieldPath("age"), descending: true), SortKey(path: FieldPath("name"))])
        let many = Array(repeating: "a", count: 40_000).joined(separator: ",")
        #expect(try CollectionQuery(QueryParameters(query: Substring("_sort=" + many))).sort.count == 1)
    }

    @Test func tooManySortFieldsIsAnError() throws {
        let fields = (0...CollectionQuery.maximumSortKeys).map { "f\($0)" }
        #expect(throws: CollectionQueryError("_sort has more than 32 fields")) {
            try CollectionQuery(QueryParameters(query: Substring("_sort=" + fields.joined(separator: ","))))
        }
        let allowed = fields.dropLast().joined(separator: ",")
        #expect(try CollectionQuery(QueryParameters(query: Substring("_sort=" + allowed))).sort.count == 32)
    }

    @Test func repeatedEmbedsAreKeptOnce() throws {
        let query = try CollectionQuery(QueryParameters(query: "_embed=comments,comments&_expand=user&_embed=comments"))
        #expect(query.embeds == ["comments", "user"])
    }
}
