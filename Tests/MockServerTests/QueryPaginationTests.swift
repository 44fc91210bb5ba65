import JSON
import Testing

@testable import MockServer

private let numbers: [JSONValue] = (1...5).map { ["id": .number(JSONNumber($0))] }

private func ids(_ items: [JSONValue]) -> [Int] { items.compactMap { $0["id"]?.numberValue?.intValue } }

struct PaginationTests {
    /// (page, perPage, total) → (page, prev, next, last, ids)
    @Test(
        arguments: [
            (1, 2, 5, 1, nil, 2, 3, [1, 2]),
            (2, 2, 5, 2, 1, 3, 3, [3, 4]),
            (3, 2, 5, 3, 2, nil, 3, [5]),
            // past the end: clamped to the last page
            (9, 2, 5, 3, 2, nil, 3, [5]),
            // page 0 and negative pages: the first page
            (0, 2, 5, 1, nil, 2, 3, [1, 2]),
            (-4, 2, 5, 1, nil, 2, 3, [1, 2]),
            // per_page 0: one item per page
            (1, 0, 5, 1, nil, 2, 5, [1]),
            // an empty collection has one empty page
            (1, 10, 0, 1, nil, nil, 1, []),
        ] as [(Int, Int, Int, Int, Int?, Int?, Int, [Int])])
    func page(
        requested: Int, perPage: Int, total: Int, number: Int, prev: Int?, next: Int?, last: Int, expected: [Int]
    ) {
        let page = Page(requested: requested, size: perPage, totalItems: total)
        #expect(page.number == number)
        #expect(page.previous == prev)
        #expect(page.next == next)
        #expect(page.last == last)
        #expect(ids(Array(numbers.prefix(total)[page.range])) == expected)
    }

    @Test func envelope() throws {
        let query = try CollectionQuery(QueryParameters(query: "_page=2&_per_page=2"))
        let result = try query.run(on: numbers, resource: "n", database: Database())
        let expected: JSONValue = [
            "first": 1, "prev": 1, "next": 3, "last": 3, "pages": 3, "items": 5,
            "data": [["id": 3], ["id": 4]],
        ]
        #expect(result.body == expected)
        #expect(result.totalCount == 5)
    }

    @Test func pageAloneUsesTenPerPage() throws {
        let many: [JSONValue] = (1...25).map { ["id": .number(JSONNumber($0))] }
        let result = try CollectionQuery(QueryParameters(query: "_page=3")).run(
            on: many, resource: "n", database: Database())
        #expect(ids(result.items) == Array(21...25))
        #expect(result.body["pages"] == 3)
    }

    @Test func v0PageWithLimitIsAPlainArray() throws {
        let result = try CollectionQuery(QueryParameters(query: "_page=2&_limit=2")).run(
            on: numbers, resource: "n", database: Database())
        #expect(result.body == [["id": 3], ["id": 4]])
        #expect(result.page?.last == 3)
        #expect(result.pageSizeParameter == "_limit")
    }

    @Test(arguments: [
        ("_start=1&_end=3", [2, 3]),
        ("_start=1&_limit=3", [2, 3, 4]),
        ("_limit=2", [1, 2]),
        ("_limit=0", []),
        ("_start=4", [5]),
        ("_start=9", []),
        ("_start=3&_end=1", []),
        ("_end=99", [1, 2, 3, 4, 5]),
    ])
    func slices(query: String, expected: [Int]) throws {
        let result = try CollectionQuery(QueryParameters(query: Substring(query))).run(
            on: numbers, resource: "n", database: Database())
        #expect(ids(result.items) == expected)
        #expect(result.totalCount == 5)
    }

    @Test func totalCountIsAfterFiltering() throws {
        let result = try CollectionQuery(QueryParameters(query: "id:gt=2&_limit=1")).run(
            on: numbers, resource: "n", database: Database())
        #expect(result.totalCount == 3)
        #expect(ids(result.items) == [3])
    }
}
