import Hummingbird
import HummingbirdTesting
import JSON
import Testing

@testable import MockServer

private let likeDemo = """
    {
      "users": [
        { "id": 1, "name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "age": 36 },
        { "id": 2, "name": "AAAA", "age": 85.5 },
        { "id": 3, "name": "Ωμέγα", "tags": ["x"] }
      ]
    }
    """

/// `_like` through the routes: case-insensitive, linear-time (a pattern that backtracks exponentially is answered),
/// on strings and number literals; what the engine refuses is a 400 naming the parameter.
struct QueryLikeTests {
    @Test(arguments: [
        ("name_like=%5E(a%2B)%2B%24", [2]),
        ("name_like=(a%7Ca)*b", []),
        ("name_like=%5E(a*)*%24", [2]),
        ("name_like=%CF%89%CE%BC", [3]),
        ("name_like=%5E%CE%A9%CE%9C%CE%88", [3]),
        ("age_like=%5E85%5C.5%24", [2]),
        ("age_like=6", [1]),
        ("tags_like=x", []),
        ("name_like=b&name_like=%5Ea%7B4%7D%24", [2]),
    ])
    func filters(query: String, ids: [Int]) async throws {
        try await withMockServer(likeDemo) { client, _ in
            let response = try await client.execute(uri: "/users?\(query)", method: .get)
            #expect(response.status == .ok)
            let found = response.json?.arrayValue?.compactMap { $0["id"]?.numberValue?.intValue } ?? [-1]
            #expect(found == ids, "\(query)")
        }
    }

    @Test(arguments: [
        (
            "name_like=(a)%5C1",
            "invalid regular expression in name_like: '(a)\\1': "
                + "back-references are not supported (not linear-time) at offset 3"
        ),
        ("name:like=a(%3F%3Cb)", "invalid regular expression in name:like: 'a(?<b)': invalid group name at offset 4"),
        (
            "name_like=(%3F%3C!a)b",
            "invalid regular expression in name_like: '(?<!a)b': "
                + "look-behind is not supported (not linear-time) at offset 0"
        ),
        (
            "name_like=(%3F:a%7B1000%7D)%7B1000%7D",
            "invalid regular expression in name_like: '(?:a{1000}){1000}': "
                + "pattern compiles to more than 20000 instructions at offset 0"
        ),
    ])
    func refuses(query: String, message: String) async throws {
        try await withMockServer(likeDemo) { client, _ in
            let response = try await client.execute(uri: "/users?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.json == ["error": .string(message)])
        }
    }
}
