/// The singular of a resource name, for foreign keys: `users` → `user` (`userId`), `categories` →
/// `category`, `boxes` → `box`, `addresses` → `address`. A name that does not end in `s` is its own singular.
public func singular(_ name: String) -> String {
    if name.hasSuffix("ies"), name.count > 3 { return String(name.dropLast(3)) + "y" }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] where name.hasSuffix(suffix) {
        return String(name.dropLast(2))
    }
    if name.hasSuffix("ss") || name.hasSuffix("us") || name.hasSuffix("is") { return name }
    if name.hasSuffix("s"), name.count > 1 { return String(name.dropLast()) }
    return name
}

/// The field that points from a child item to its parent in `resource`: `posts` → `postId`.
public func foreignKey(for resource: String) -> String { singular(resource) + "Id" }
