import JSON

/// `GET /__api/openapi.json`: an OpenAPI 3.1 description of the API as the data is now, built on each request (so it
/// follows the data's shape). A path set per collection (`/NAME`: list and create; `/NAME/{id}`: read, replace, merge,
/// delete) and per singular resource (`/NAME`: read, replace, merge), the query parameters the routes understand, and
/// a JSON Schema per resource inferred from its items (`InferredSchema`). Every status a route can answer is listed
/// with the `{"error": "..."}` body.
enum OpenAPIDocument {
    static func make(_ database: Database) -> JSONValue {
        var paths = JSONObject()
        var schemas = JSONObject()
        schemas["Error"] = [
            "type": "object", "properties": ["error": ["type": "string"]], "required": ["error"],
        ]
        for name in database.names where !ReservedNames.contains(name) {
            let key = schemaName(name)
            switch database[name] {
            case .collection(let collection)?:
                let inferred = InferredSchema(collection.items)
                schemas[key] = inferred.jsonSchema()
                schemas[key + "Create"] = inferred.jsonSchema(excluding: [database.idField], closed: true)
                schemas[key + "Patch"] = inferred.jsonSchema(
                    excluding: [database.idField], closed: true, requireAll: false)
                let embeddable = embeddableNames(for: name, in: database)
                paths["/" + name] = collectionPaths(name, key: key, embeddable: embeddable)
                paths["/" + name + "/{id}"] = itemPaths(
                    name, key: key, idSchema: idSchema(collection.items, idField: database.idField))
            case .document(let value)?:
                let inferred = InferredSchema([value])
                schemas[key] = inferred.jsonSchema()
                if case .object = value {
                    schemas[key + "Patch"] = inferred.jsonSchema(closed: true, requireAll: false)
                    schemas[key + "Replace"] = inferred.jsonSchema(closed: true)
                }
                paths["/" + name] = documentPaths(name, key: key, isObject: value.objectValue != nil)
            case nil:
                continue
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "api serve --mock",
                "version": "1",
                "description": .string(
                    "The data as it is now. Collections also take field filters (field=value, field:op=value with "
                        + "op one of \(FilterOperator.allCases.map(\.rawValue).joined(separator: ", "))) and _where."),
            ],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    /// A component name: letters, digits, `.`, `-`, `_` (OpenAPI's rule); others become `_`.
    static func schemaName(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        return "R_" + String(kept)
    }

    /// `integer` when every id is a whole number, otherwise a non-empty string.
    static func idSchema(_ items: [JSONValue], idField: String = "id") -> JSONValue {
        let ids = items.compactMap { $0[idField] }
        let integers = !ids.isEmpty && ids.allSatisfy { $0.numberValue?.intValue != nil }
        return integers ? ["type": "integer"] : ["type": "string", "minLength": 1]
    }

    /// What `_embed` accepts on `name`: the other collections (children) and their singulars (parents).
    static func embeddableNames(for name: String, in database: Database) -> [String] {
        var names: [String] = []
        for other in database.names where other != name && database.collection(other) != nil {
            names.append(other)
            let parent = singular(other)
            if parent != other, database[parent] == nil { names.append(parent) }
        }
        return names
    }

    // MARK: Operations

    private static func reference(_ key: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + key)] }

    private static func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }

    private static func response(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": json(schema)]
    }

    /// The error answers every write can give: bad body, read-only, too large, store refusing writes.
    private static func errors(_ statuses: [(Int, String)]) -> [(String, JSONValue)] {
        statuses.map { (String($0.0), response($0.1, reference("Error"))) }
    }

    private static let writeErrors: [(Int, String)] = [
        (400, "bad request body or query"), (403, "the server is read-only"), (413, "body too large"),
        (500, "the write was not saved"), (503, "writes are refused"),
    ]

    private static func operation(
        _ id: String, _ summary: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
        responses: [(String, JSONValue)]
    ) -> JSONValue {
        var object: JSONObject = ["operationId": .string(id), "summary": .string(summary)]
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let body { object["requestBody"] = ["required": true, "content": json(body)] }
        var answers = JSONObject()
        for (status, value) in responses { answers[status] = value }
        object["responses"] = .object(answers)
        return .object(object)
    }

    private static func query(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": false, "schema": schema,
            "description": .string(description),
        ]
    }

    private static func collectionPaths(_ name: String, key: String, embeddable: [String]) -> JSONValue {
        var parameters: [JSONValue] = [
            query("q", ["type": "string"], "full-text search"),
            query("_sort", ["type": "string"], "fields to sort by, -field for descending"),
            query("_order", ["type": "string", "enum": ["asc", "desc"]], "with _sort: v0 order"),
            query("_page", ["type": "integer", "minimum": 1, "maximum": 1_000_000], "page number"),
            query("_per_page", ["type": "integer", "minimum": 1, "maximum": 10_000], "page size (v1 envelope)"),
            query("_limit", ["type": "integer", "minimum": 0, "maximum": 10_000], "at most this many items"),
            query("_start", ["type": "integer", "minimum": 0, "maximum": 1_000_000], "slice start"),
            query("_end", ["type": "integer", "minimum": 0, "maximum": 1_000_000], "slice end"),
        ]
        if !embeddable.isEmpty {
            parameters.append(
                query(
                    "_embed", ["type": "string", "enum": .array(embeddable.map { .string($0) })], "children or parent"))
        }
        let envelope: JSONValue = [
            "type": "object",
            "properties": [
                "first": ["type": "integer"], "prev": ["type": ["integer", "null"]],
                "next": ["type": ["integer", "null"]], "last": ["type": "integer"], "pages": ["type": "integer"],
                "items": ["type": "integer"], "data": ["type": "array", "items": reference(key)],
            ],
            "required": ["first", "prev", "next", "last", "pages", "items", "data"],
        ]
        let list: JSONValue = ["anyOf": [["type": "array", "items": reference(key)], envelope]]
        return [
            "get": operation(
                "list_\(name)", "list \(name)", parameters: parameters,
                responses: [("200", response("the items", list))] + errors([(400, "bad query parameter")])),
            "post": operation(
                "create_\(name)", "create an item in \(name)", body: reference(key + "Create"),
                responses: [("201", response("the item created", reference(key)))]
                    + errors(writeErrors + [(404, "no such collection (--strict)"), (409, "the id is taken")])),
        ]
    }

    private static func itemPaths(_ name: String, key: String, idSchema: JSONValue) -> JSONValue {
        let id: JSONValue = ["name": "id", "in": "path", "required": true, "schema": idSchema]
        let notFound = (404, "no such item")
        let changed = (412, "If-Match does not match")
        return [
            "parameters": [id],
            "get": operation(
                "get_\(name)_item", "one item of \(name)",
                responses: [("200", response("the item", reference(key)))]
                    + errors([notFound, (400, "bad query parameter")])),
            "put": operation(
                "replace_\(name)_item", "replace an item of \(name)", body: reference(key + "Create"),
                responses: [("200", response("the item", reference(key)))] + errors(writeErrors + [notFound, changed])),
            "patch": operation(
                "update_\(name)_item", "merge into an item of \(name)", body: reference(key + "Patch"),
                responses: [("200", response("the item", reference(key)))] + errors(writeErrors + [notFound, changed])),
            "delete": operation(
                "delete_\(name)_item", "delete an item of \(name)",
                responses: [("200", response("the item deleted", reference(key)))]
                    + errors(writeErrors + [notFound, changed])),
        ]
    }

    private static func documentPaths(_ name: String, key: String, isObject: Bool) -> JSONValue {
        var paths: JSONObject = [
            "get": operation(
                "get_\(name)", "the \(name) resource", responses: [("200", response("the resource", reference(key)))])
        ]
        if isObject {
            paths["put"] = operation(
                "replace_\(name)", "replace \(name)", body: reference(key + "Replace"),
                responses: [("200", response("the resource", reference(key)))]
                    + errors(writeErrors + [(412, "If-Match does not match")]))
            paths["patch"] = operation(
                "update_\(name)", "merge into \(name)", body: reference(key + "Patch"),
                responses: [("200", response("the resource", reference(key)))]
                    + errors(writeErrors + [(412, "If-Match does not match")]))
        }
        return .object(paths)
    }
}
