import JSON
import Testing

@testable import MockServer

struct SortTests {
    /// The documented order: missing < null < false < true < numbers < strings < arrays < objects.
    @Test func mixedTypesSortInTheDocumentedOrder() {
        let items: [JSONValue] = [
            ["k": ["a": 1]], ["k": "b"], ["k": [1, 2]], ["k": 10], ["k": true], ["k": nil], [:], ["k": false],
            ["k": "B"], ["k": 9.5], ["k": [1]], ["k": -3],
        ]
        let ascending = sorted(items, by: [SortKey(path: FieldPath("k"))]).map { $0["k"] }
        let expected: [JSONValue?] = [
            nil, .null, false, true, -3, 9.5, 10, "B", "b", [1], [1, 2], ["a": 1],
        ]
        #expect(ascending == expected)
        let descending = sorted(items, by: [SortKey(path: FieldPath("k"), descending: true)]).map { $0["k"] }
        #expect(descending == expected.reversed())
    }

    @Test func sortIsStable() {
        let items: [JSONValue] = (0..<50).map { ["group": .number(JSONNumber($0 % 3)), "n": .number(JSONNumber($0))] }
        let result = sorted(items, by: [SortKey(path: FieldPath("group"))])
        for group in 0..<3 {
            let ns = result.filter { $0["group"] == .number(JSONNumber(group)) }.compactMap {
                $0["n"]?.numberValue?.intValue
            }
            #expect(ns == ns.sorted())
        }
        let descending = sorted(items, by: [SortKey(path: FieldPath("group"), descending: true)])
        #expect(descending.first?["n"] == 2)
        #expect(descending.last?["n"] == 48)
    }

    @Test(arguments: [
        ("_sort=age", [1, 3, 2]),
        ("_sort=-age", [2, 3, 1]),
        ("_sort=age&_order=desc", [2, 3, 1]),
        ("_sort=team,-age", [3, 2, 1]),
        ("_sort=team,age", [3, 1, 2]),
        ("_sort=team,age&_order=asc,desc", [3, 2, 1]),
        ("_sort=name", [3, 1, 2]),
    ])
    func sortParameters(query: String, expectedIDs: [Int]) throws {
        let items: [JSONValue] = [
            ["id": 1, "age": 20, "team": "b", "name": "b"],
            ["id": 2, "age": 40, "team": "b", "name": "c"],
            ["id": 3, "age": 30, "team": "a", "name": "B"],
        ]
        let query = try CollectionQuery(QueryParameters(query: Substring(query)))
        let ids = try query.run(on: items, resource: "x", database: Database()).items.compactMap {
            $0["id"]?.numberValue?.intValue
        }
        #expect(ids == expectedIDs)
    }
}
