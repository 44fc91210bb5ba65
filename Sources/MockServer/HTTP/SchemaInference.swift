import JSON

/// A JSON Schema inferred from values: the types seen (`integer` when every number was whole), for objects the
/// properties and the ones present in every object (`required`), for arrays the schema of all their elements.
final class InferredSchema {
    private var types: Set<String> = []
    private var properties = JSONObjectOrder()
    private var objects = 0
    private var presence: [String: Int] = [:]
    private var elements: InferredSchema?

    init() {}

    init(_ values: some Sequence<JSONValue>) {
        for value in values { add(value) }
    }

    func add(_ value: JSONValue) {
        switch value {
        case .null: types.insert("null")
        case .bool: types.insert("boolean")
        case .number(let number): types.insert(number.intValue != nil ? "integer" : "number")
        case .string: types.insert("string")
        case .array(let items):
            types.insert("array")
            let schema = elements ?? InferredSchema()
            for item in items { schema.add(item) }
            elements = schema
        case .object(let object):
            types.insert("object")
            objects += 1
            for (name, member) in object {
                properties.schema(for: name.string).add(member)
                presence[name.string, default: 0] += 1
            }
        }
    }

    /// The names present in every object seen.
    var requiredNames: [String] { properties.names.filter { presence[$0] == objects } }

    /// `type` as a string or a list; `integer` folds into `number` when both were seen. Nil when nothing was seen.
    private var typeValue: JSONValue? {
        var names = types
        if names.contains("number") { names.remove("integer") }
        let order = ["object", "array", "string", "integer", "number", "boolean", "null"]
        let sorted = order.filter(names.contains)
        if sorted.isEmpty { return nil }
        return sorted.count == 1 ? .string(sorted[0]) : .array(sorted.map { .string($0) })
    }

    /// The schema; `excluding` drops properties (a request body's `id`), `closed` forbids other properties.
    func jsonSchema(excluding: Set<String> = [], closed: Bool = false, requireAll: Bool = true) -> JSONValue {
        var schema = JSONObject()
        if let typeValue { schema["type"] = typeValue }
        if types.contains("object") {
            var members = JSONObject()
            for name in properties.names where !excluding.contains(name) {
                members[name] = properties.schema(for: name).jsonSchema()
            }
            schema["properties"] = .object(members)
            let required = requiredNames.filter { !excluding.contains($0) }
            if requireAll, !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
            if closed { schema["additionalProperties"] = false }
        }
        if types.contains("array") { schema["items"] = elements?.jsonSchema() ?? [:] }
        return .object(schema)
    }
}

/// Property schemas in the order the names were first seen.
private struct JSONObjectOrder {
    private(set) var names: [String] = []
    private var schemas: [String: InferredSchema] = [:]

    mutating func schema(for name: String) -> InferredSchema {
        if let schema = schemas[name] { return schema }
        let schema = InferredSchema()
        schemas[name] = schema
        names.append(name)
        return schema
    }
}
