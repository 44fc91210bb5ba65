import JSON

/// One `_embed` / `_expand` name resolved against the database.
public enum Embed: Sendable, Equatable {
    /// `_embed=comments` on posts: each post gets `comments`, the comments whose `postId` is its id.
    case children(name: String, foreignKey: String)
    /// `_embed=user` on posts: each post gets `user`, the user whose id is its `userId`.
    case parent(name: String, collection: String, foreignKey: String)

    /// Resolves `name` for items of `resource`: a collection name means children, the singular of a
    /// collection name means the parent. Anything else is an error naming it.
    /// `suffix` is `--fks` (`Id`: `postId`).
    public static func resolve(_ name: String, for resource: String, in database: Database, suffix: String = "Id")
        throws(CollectionQueryError) -> Embed
    {
        if database.collection(name) != nil {
            return .children(name: name, foreignKey: singular(resource) + suffix)
        }
        if let parent = database.names.first(where: { singular($0) == name && database.collection($0) != nil }) {
            return .parent(name: name, collection: parent, foreignKey: name + suffix)
        }
        throw CollectionQueryError(
            "cannot embed '\(name)': no collection '\(name)' and none whose singular is '\(name)'")
    }
}

/// Adds the embedded children / parents to each object item; other items pass through unchanged.
public func embed(_ embeds: [Embed], into items: [JSONValue], from database: Database) -> [JSONValue] {
    guard !embeds.isEmpty else { return items }
    var result = items
    for embed in embeds {
        switch embed {
        case .children(let name, let foreignKey):
            let groups = childrenByParent(database.collection(name)?.items ?? [], foreignKey: foreignKey)
            for position in result.indices {
                guard case .object(var object) = result[position], let key = object[database.idField].flatMap(idKey)
                else {
                    continue
                }
                object[name] = .array(groups[key] ?? [])
                result[position] = .object(object)
            }
        case .parent(let name, let collectionName, let foreignKey):
            guard let parents = database.collection(collectionName) else { continue }
            for position in result.indices {
                guard case .object(var object) = result[position],
                    let key = object[foreignKey].flatMap(idKey),
                    let parent = parents.item(withID: key)
                else { continue }
                object[name] = parent.value
                result[position] = .object(object)
            }
        }
    }
    return result
}

/// Children grouped by the id key of the parent they point to, in file order.
private func childrenByParent(_ children: [JSONValue], foreignKey: String) -> [String: [JSONValue]] {
    var groups: [String: [JSONValue]] = [:]
    for child in children {
        guard let key = child[foreignKey].flatMap(idKey) else { continue }
        groups[key, default: []].append(child)
    }
    return groups
}
