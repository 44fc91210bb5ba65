import FuzzSupport
import JSON

@testable import MockServer

/// The mock server's query strings: the input is the text after `?`, optionally followed by a NUL byte and a JSON
/// array of items to query (a fixed mixed collection when absent or invalid). Parses it into `QueryParameters` and
/// a `CollectionQuery` and runs that over the items; errors must be messages naming a parameter.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCollectionQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let (queryBytes, itemBytes) = splitOnce(inputBytes(data, size), at: 0)
    let parameters = QueryParameters(query: Substring(String(decoding: queryBytes, as: UTF8.self)))
    if parameters.pairs.contains(where: { SlowInputs.isSlow(name: $0.name, value: $0.value) }) { return 0 }
    var items = database.collection("posts")?.items ?? []
    if let itemBytes, case .array(let given)? = try? JSON.parse(itemBytes) { items = given }
    do {
        let query = try CollectionQuery(parameters)
        let result = try query.run(on: items, resource: "posts", database: database)
        guard result.items.count <= items.count || !query.embeds.isEmpty else {
            fuzzFailure("a query returned more items than it was given")
        }
    } catch {
        guard !error.message.isEmpty else { fuzzFailure("empty error message") }
    }
    return 0
}

private let database: Database = {
    let text = """
        {
          "posts": [
            {"id": 1, "title": "Notes", "views": 10, "userId": 1, "tags": ["a", "b"], "meta": {"n": 1.5}},
            {"id": "2", "title": "compilers", "views": -3e2, "userId": "2", "tags": [], "meta": null},
            {"id": 3, "title": null, "views": 12345678901234567890, "published": true, "meta": {"n": [1, 2]}},
            {"id": 4, "title": "Ünïcödé", "views": 0.1, "userId": 9, "author": {"name": "Ada", "age": 36}},
            {"title": "no id", "views": "7"}
          ],
          "users": [{"id": 1, "name": "Ada"}, {"id": "2", "name": "Grace"}],
          "comments": [{"id": 1, "postId": 1, "body": "first"}, {"id": 2, "postId": "3", "body": "second"}],
          "profile": {"name": "demo"}
        }
        """
    guard case .object(let object)? = try? JSON.parse(text) else { fatalError("the sample database does not parse") }
    return Database(object)
}()
