/// The built-in functions: `length keys keys_unsorted first last not empty type add map(f) select(f) has(k)`.
enum QueryBuiltins {
    @_optimize(none)  // see QueryEvaluator.evaluate
    static func call(_ function: QueryFunction, _ input: JSONValue, _ emit: QueryEvaluator.Emit) throws(QueryError) {
        switch function {
        case .length:
            try emit(try length(input))
        case .keys:
            try emit(try keys(input, sorted: true))
        case .keysUnsorted:
            try emit(try keys(input, sorted: false))
        case .first:
            try emit(try QueryIndexing.index(input, .number(JSONNumber(0))))
        case .last:
            try emit(try QueryIndexing.index(input, .number(JSONNumber(-1))))
        case .not:
            try emit(.bool(!QueryOrdering.isTruthy(input)))
        case .empty:
            break
        case .type:
            try emit(.string(input.typeName))
        case .add:
            var sum = JSONValue.null
            for value in try QueryIndexing.iterate(input) { sum = try QueryArithmetic.add(sum, value) }
            try emit(sum)
        case .map(let transform):
            var items: [JSONValue] = []
            for value in try QueryIndexing.iterate(input) {
                try QueryEvaluator.evaluate(transform, value) { (item: JSONValue) throws(QueryError) in
                    items.append(item)
                }
            }
            try emit(.array(items))
        case .select(let condition):
            try QueryEvaluator.evaluate(condition, input) { (verdict: JSONValue) throws(QueryError) in
                if QueryOrdering.isTruthy(verdict) { try emit(input) }
            }
        case .has(let key):
            try QueryEvaluator.evaluate(key, input) { (key: JSONValue) throws(QueryError) in
                try emit(.bool(try QueryIndexing.has(input, key)))
            }
        }
    }

    /// null is 0, strings count code points, numbers give their absolute value.
    private static func length(_ value: JSONValue) throws(QueryError) -> JSONValue {
        switch value {
        case .null:
            return .number(JSONNumber(0))
        case .bool:
            throw QueryError.runtime("\(QueryValueText.described(value)) has no length")
        case .number(let number):
            let literal = number.literal
            return literal.hasPrefix("-") ? .number(JSONNumber(literal: String(literal.dropFirst()))) : value
        case .string(let string):
            return .number(JSONNumber(string.unicodeScalars.count))
        case .array(let array):
            return .number(JSONNumber(array.count))
        case .object(let object):
            return .number(JSONNumber(object.count))
        }
    }

    /// Object keys sorted by code point (or in order for `keys_unsorted`); array indices.
    private static func keys(_ value: JSONValue, sorted: Bool) throws(QueryError) -> JSONValue {
        switch value {
        case .object(let object):
            let names = sorted ? QueryOrdering.sortedKeys(object) : object.names
            return .array(names.map(JSONValue.string))
        case .array(let array):
            return .array(array.indices.map { .number(JSONNumber($0)) })
        default:
            throw QueryError.runtime("\(QueryValueText.described(value)) has no keys")
        }
    }
}
