import JSON
import Testing

@testable import MockServer

private let database = Database([
    "users": [["id": 1, "name": "Ada"], ["id": "2", "name": "Grace"]],
    "posts": [["id": 1, "userId": 1, "title": "a"], ["id": 2, "userId": 2, "title": "b"], ["id": 3, "title": "c"]],
    "comments": [["id": 1, "postId": 1], ["id": 2, "postId": "1"], ["id": 3, "postId": 2]],
])

struct EmbedTests {
    @Test func childrenMatchOnSingularIdWithTypeAwareKeys() throws {
        let posts = database.collection("posts")!.items
        let result = try CollectionQuery(QueryParameters(query: "_embed=comments")).run(
            on: posts, resource: "posts", database: database)
        #expect(result.items[0]["comments"] == [["id": 1, "postId": 1], ["id": 2, "postId": "1"]])
        #expect(result.items[1]["comments"] == [["id": 3, "postId": 2]])
        #expect(result.items[2]["comments"] == [])
    }

    @Test(arguments: ["_embed=user", "_expand=user"])
    func parent(query: String) throws {
        let posts = database.collection("posts")!.items
        let result = try CollectionQuery(QueryParameters(query: Substring(query))).run(
            on: posts, resource: "posts", database: database)
        #expect(result.items[0]["user"] == ["id": 1, "name": "Ada"])
        #expect(result.items[1]["user"] == ["id": "2", "name": "Grace"])
        #expect(result.items[2]["user"] == nil)
    }

    @Test(arguments: [
        ("users", "user"), ("posts", "post"), ("categories", "category"), ("boxes", "box"),
        ("addresses", "address"), ("status", "status"), ("profile", "profile"), ("wishes", "wish"),
    ])
    func singulars(plural: String, expected: String) {
        #expect(singular(plural) == expected)
    }
}
