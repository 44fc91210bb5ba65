import JSON
import Support

/// json-server v0's nested routes, one level: `/posts/1/comments` is the comments whose `postId` (`--fks`) is post
/// 1's id, `/posts/1/comments/5` is comment 5 when it belongs to post 1.
///
/// A nested request is answered by the plain routes after a rewrite: `GET /posts/1/comments?x` becomes
/// `GET /comments?postId=1&x`, `POST /posts/1/comments` a `POST /comments` whose body gets `postId` in the parent
/// id's own JSON type (json-server stores the URL's text `"1"`), and `/posts/1/comments/5` becomes `/comments/5`
/// once comment 5 is known to point to post 1 (a PUT keeps that link). Any other parent or child is a 404.
struct NestedRoute {
    let parent: String
    let child: String
    let foreignKey: String
    /// The parent's id as stored (its JSON type).
    let parentID: JSONValue
    let childID: String?

    enum Outcome {
        /// Not a nested path: the plain routes answer it as they would.
        case notNested
        case notFound
        case nested(NestedRoute)
    }

    /// What `segments` are in `store`. Nested only when the first segment is a collection and the third a
    /// collection (or, for a POST, a name with no resource yet). Reads only the resources' kinds and the two
    /// items named.
    static func resolve<S: Store>(_ segments: [String], isPost: Bool, store: S, idField: String, suffix: String)
        async throws(StoreError) -> Outcome
    {
        guard segments.count == 3 || segments.count == 4, try await store.kind(of: segments[0]) == .collection else {
            return .notNested
        }
        let childName = segments[2]
        let childKind = try await store.kind(of: childName)
        guard childKind == .collection || (isPost && segments.count == 3 && childKind == nil) else {
            return .notNested
        }
        guard let parent = try await store.item(in: segments[0], id: segments[1])?.value, let parentID = parent[idField]
        else {
            return .notFound
        }
        let foreignKey = singular(segments[0]) + suffix
        if segments.count == 4 {
            guard let child = try await store.item(in: childName, id: segments[3])?.value,
                let link = child[foreignKey].flatMap(idKey), link == idKey(parentID)
            else { return .notFound }
        }
        return .nested(
            NestedRoute(
                parent: segments[0], child: childName, foreignKey: foreignKey, parentID: parentID,
                childID: segments.count == 4 ? segments[3] : nil))
    }

    /// The plain target: `/comments?postId=1&REST` or `/comments/5?REST`.
    func target(query: String) -> String {
        var path = "/" + percentEncoded(child)
        if let childID {
            path += "/" + percentEncoded(childID)
            return query.isEmpty ? path : path + "?" + query
        }
        let filter = percentEncoded(foreignKey) + "=" + percentEncoded(idKey(parentID) ?? "")
        return path + "?" + filter + (query.isEmpty ? "" : "&" + query)
    }

    /// A POST's or PUT's body with the link to the parent set.
    func linked(_ body: JSONObject) -> JSONObject {
        var body = body
        body[foreignKey] = parentID
        return body
    }
}
