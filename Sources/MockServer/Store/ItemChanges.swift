import JSON

/// What a write makes of an item, the same for every store.
enum ItemChanges {
    /// A new item's id key and object: a client's id is kept (an error when it is neither string nor number),
    /// otherwise `newID()` is put first.
    static func created(_ item: JSONObject, idField: String, newID: () -> JSONValue) throws(StoreError)
        -> (key: String, object: JSONObject, given: Bool)
    {
        if !needsNewID(item, idField: idField), let given = item[idField] {
            guard let key = idKey(given) else {
                throw StoreError.badRequest("\(idField) must be a string or a number, not \(given.typeName)")
            }
            return (key, item, true)
        }
        let id = newID()
        var object = JSONObject()
        object[idField] = id
        for (member, value) in item where member.string != idField { object[member] = value }
        return (idKey(id)!, object, false)
    }

    /// Whether the item comes without an id (none, or null), so the store gives it one.
    static func needsNewID(_ item: JSONObject, idField: String) -> Bool {
        guard let given = item[idField] else { return true }
        return given == .null
    }

    /// PUT (`replace`) or PATCH (`merge`) of an item: its id never changes.
    static func updated(_ current: JSONObject, with body: JSONObject, mode: UpdateMode, idField: String)
        -> JSONObject
    {
        let currentID = current[idField]!
        var updated: JSONObject
        switch mode {
        case .replace:
            updated = JSONObject()
            if body[idField] == nil { updated[idField] = currentID }
            for (member, value) in body { updated[member] = member.string == idField ? currentID : value }
        case .merge:
            updated = current
            for (member, value) in body where member.string != idField { updated[member] = value }
        }
        return updated
    }

    /// PUT or PATCH of a singular resource (PATCH merges into an object).
    static func updatedDocument(_ current: JSONValue, with body: JSONObject, mode: UpdateMode) -> JSONObject {
        var updated = body
        if mode == .merge, case .object(let existing) = current {
            updated = existing
            for (member, value) in body { updated[member] = value }
        }
        return updated
    }

    /// `If-Match` against the item's current ETag.
    static func check(_ condition: ETagCondition?, _ item: StoredItem) throws(StoreError) {
        if let condition, !condition.allows(item.etag) {
            throw StoreError.preconditionFailed(currentETag: item.etag)
        }
    }
}
