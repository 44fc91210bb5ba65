import JSON

/// json-server v1's `_where`: a JSON object of conditions, e.g.
/// `{"or": [{"views": {"gt": 100}}, {"title": {"eq": "a"}}], "author": {"name": {"startsWith": "j"}}}`.
///
/// Every member must hold (`and`, `or` take lists of such objects); a member whose value is an object of operators
/// (`eq ne lt lte gt gte in contains startsWith endsWith like`) compares the field with each; an object without
/// operators goes one field deeper; a plain value is `eq`. Values compare as the query-string filters do (type-aware:
/// `1` matches `"1"`), and `_where` combines with the other filters (v1 drops them instead). Malformed JSON, an
/// unknown operator or an operand of the wrong kind is a 400 naming `_where`.
public indirect enum WhereClause {
    case all([WhereClause])
    case any([WhereClause])
    case condition(Filter)

    public init(json text: String) throws(CollectionQueryError) {
        let value: JSONValue
        do {
            value = try JSON.parse(text)
        } catch {
            throw CollectionQueryError("_where is not valid JSON: \(error.description)")
        }
        guard case .object(let object) = value else {
            throw CollectionQueryError("_where must be a JSON object of conditions, e.g. {\"views\":{\"gt\":100}}")
        }
        self = try Self.parse(object, prefix: [])
    }

    public func matches(_ item: JSONValue) -> Bool {
        switch self {
        case .all(let clauses): clauses.allSatisfy { $0.matches(item) }
        case .any(let clauses): clauses.contains { $0.matches(item) }
        case .condition(let filter): filter.matches(item)
        }
    }

    private static func parse(_ object: JSONObject, prefix: [String]) throws(CollectionQueryError) -> WhereClause {
        var clauses: [WhereClause] = []
        for (member, value) in object {
            let key = member.string
            if key == "or" || key == "and" {
                guard case .array(let members) = value, !members.isEmpty else {
                    throw CollectionQueryError("_where: '\(key)' must be a non-empty list of condition objects")
                }
                var parsed: [WhereClause] = []
                for member in members {
                    guard case .object(let memberObject) = member else {
                        throw CollectionQueryError("_where: each member of '\(key)' must be an object of conditions")
                    }
                    parsed.append(try parse(memberObject, prefix: prefix))
                }
                clauses.append(key == "or" ? .any(parsed) : .all(parsed))
                continue
            }
            let path = prefix + [key]
            switch value {
            case .object(let inner):
                let operators = inner.keys.filter { FilterOperator.named($0.string) != nil }
                if operators.isEmpty {
                    clauses.append(try parse(inner, prefix: path))
                    continue
                }
                guard operators.count == inner.count else {
                    let unknown = inner.keys.first { FilterOperator.named($0.string) == nil }?.string ?? ""
                    let known = FilterOperator.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CollectionQueryError(
                        "_where: unknown operator '\(unknown)' for '\(path.joined(separator: "."))' (known: \(known))")
                }
                for (name, operand) in inner {
                    clauses.append(.condition(try condition(path, FilterOperator.named(name.string)!, operand)))
                }
            case .array:
                throw CollectionQueryError(
                    "_where: '\(path.joined(separator: "."))' is a list: use {\"in\": [...]} to match one of several values"
                )
            default:
                clauses.append(.condition(try condition(path, .eq, value)))
            }
        }
        return clauses.count == 1 ? clauses[0] : .all(clauses)
    }

    private static func condition(_ path: [String], _ op: FilterOperator, _ operand: JSONValue)
        throws(CollectionQueryError)
        -> Filter
    {
        let name = path.joined(separator: ".")
        var texts: [String] = []
        var filterOp = op
        if op == .in {
            let values = operand.arrayValue ?? [operand]
            for value in values {
                guard let text = scalarText(value) else {
                    throw CollectionQueryError(
                        "_where: the values of '\(name)' in must be strings, numbers, booleans or null")
                }
                texts.append(text)
            }
            filterOp = .eq  // several eq values are an OR: `in` without splitting on commas
        } else {
            guard let text = scalarText(operand) else {
                throw CollectionQueryError(
                    "_where: the operand of '\(name)' \(op.rawValue) must be a string, number, boolean or null")
            }
            texts = [text]
        }
        guard !texts.isEmpty else {
            throw CollectionQueryError("_where: '\(name)' in needs at least one value")
        }
        return try Filter(path: FieldPath(segments: path), op: filterOp, values: texts, parameter: "_where")
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.literal
        case .bool(let bool): bool ? "true" : "false"
        case .null: "null"
        case .array, .object: nil
        }
    }
}

extension FieldPath {
    init(segments: [String]) { self.init(segments.joined(separator: ".")) }
}
