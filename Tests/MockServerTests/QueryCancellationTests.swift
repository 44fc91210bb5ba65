import JSON
import Testing

@testable import MockServer

/// A request whose client has gone is cancelled; the collection query's loop stops early instead of finishing.
struct QueryCancellationTests {
    private static let items: [JSONValue] = (0..<10_000).map { ["id": .number(JSONNumber($0))] }

    private static func matches(cancelled: Bool) async throws -> Int {
        let query = try CollectionQuery(QueryParameters(query: "id:gte=0"))
        let task = Task {
            if cancelled { withUnsafeCurrentTask { $0?.cancel() } }
            return try query.run(on: items, resource: "items", database: Database()).totalCount
        }
        return try await task.value
    }

    @Test func aQueryRunsToTheEnd() async throws {
        #expect(try await Self.matches(cancelled: false) == 10_000)
    }

    @Test func aCancelledQueryStopsLookingAtItems() async throws {
        #expect(try await Self.matches(cancelled: true) == 0)
    }
}
