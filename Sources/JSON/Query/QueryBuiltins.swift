/// The builtins written in Swift. Those with filter arguments see them unevaluated (`QueryCall`); `.value`
/// builtins take `$` arguments (each combination of their outputs) and give one output.
enum QueryNative: Sendable {
    case filter(@Sendable (QueryCall, QueryInterpreter.Emit) throws(QueryError) -> Void)
    case value(@Sendable (JSONValue, [JSONValue]) throws(QueryError) -> JSONValue)
}

enum QueryBuiltins {
    static let natives: [QueryFunctionKey: QueryNative] = {
        var table: [QueryFunctionKey: QueryNative] = [:]
        for (name, native) in control { table[key(name)] = native }
        for (name, native) in values { table[key(name)] = native }
        for (name, native) in strings { table[key(name)] = native }
        for (name, native) in collections { table[key(name)] = native }
        for (name, native) in math { table[key(name)] = native }
        for (name, native) in dates { table[key(name)] = native }
        for (name, native) in regex { table[key(name)] = native }
        return table
    }()

    /// `"name/arity"` as a table key.
    static func key(_ text: String) -> QueryFunctionKey {
        let parts = text.split(separator: "/")
        return QueryFunctionKey(name: String(parts[0]), arity: Int(parts[1])!)
    }

    /// `builtins`: every builtin as `name/arity`.
    static var names: [String] {
        let all =
            natives.keys.map { "\($0.name)/\($0.arity)" }
            + QueryPrelude.definitions.keys.map {
                "\($0.name)/\($0.arity)"
            }
        return all.filter { !$0.hasPrefix("_") }
    }

    static func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// Control flow, paths and the program's surroundings.
    static let control: [String: QueryNative] = [
        "empty/0": .filter { _, _ throws(QueryError) in },
        "not/0": .filter { call, emit throws(QueryError) in try emit(.bool(!QueryOrdering.isTruthy(call.input)), nil) },
        "error/0": .filter { call, _ throws(QueryError) in throw QueryError.thrown(call.input) },
        "error/1": .filter { call, _ throws(QueryError) in
            try call.values(0) { (message: JSONValue) throws(QueryError) in throw QueryError.thrown(message) }
        },
        "path/1": .filter { call, emit throws(QueryError) in
            try call.interpreter.paths(call.arguments[0], call.env, call.input) { (path) throws(QueryError) in
                try emit(.array(path), nil)
            }
        },
        "select/1": .filter { call, emit throws(QueryError) in
            try call.values(0) { (verdict: JSONValue) throws(QueryError) in
                if QueryOrdering.isTruthy(verdict) { try emit(call.input, call.path) }
            }
        },
        "recurse/0": .filter { call, emit throws(QueryError) in
            try call.interpreter.recurseOptional(call.input, call.path, call.tracking, emit)
        },
        "map/1": .filter { call, emit throws(QueryError) in
            var items: [JSONValue] = []
            for value in try QueryIndexing.iterate(call.input) {
                try call.values(0, on: value) { (item: JSONValue) throws(QueryError) in
                    try call.interpreter.budget.collect()
                    items.append(item)
                }
            }
            try emit(.array(items), nil)
        },
        "range/2": .filter { call, emit throws(QueryError) in
            try call.cartesian { (bounds) throws(QueryError) in
                guard case .number(let from) = bounds[0], case .number(let upto) = bounds[1] else {
                    throw QueryError.runtime("Range bounds must be numeric")
                }
                var current = from.doubleValue
                let end = upto.doubleValue
                if current == current.rounded(), end == end.rounded(), abs(current) < 1e15, abs(end) < 1e15 {
                    var i = Int(current)
                    let limit = Int(end)
                    while i < limit {
                        try call.interpreter.budget.step()
                        try emit(number(i), nil)
                        i += 1
                    }
                    return
                }
                while current < end {
                    try call.interpreter.budget.step()
                    try emit(QueryNumber.value(current), nil)
                    current += 1
                }
            }
        },
        "limit/2": .filter { call, emit throws(QueryError) in
            try call.values(0) { (count: JSONValue) throws(QueryError) in
                guard case .number(let n) = count else {
                    throw QueryError.runtime("Invalid limit: must be a number")
                }
                let limit = n.doubleValue
                if limit <= 0 {
                    if limit < 0 { throw QueryError.runtime("limit doesn't support negative count") }
                    return
                }
                try call.interpreter.stopping(
                    after: limit, call.arguments[1], call.env, call.input, call.path, call.tracking, emit)
            }
        },
        "last/1": .filter { call, emit throws(QueryError) in
            var last: (JSONValue, [JSONValue]?)?
            try call.interpreter.eval(call.arguments[0], call.env, call.input, call.path, call.tracking) {
                (value, path) throws(QueryError) in last = (value, path)
            }
            if let last { try emit(last.0, last.1) }
        },
        "first/1": .filter { call, emit throws(QueryError) in
            try call.interpreter.stopping(
                after: 1, call.arguments[0], call.env, call.input, call.path, call.tracking, emit)
        },
        "getpath/1": .filter { call, emit throws(QueryError) in
            try call.values(0) { (path: JSONValue) throws(QueryError) in
                guard case .array(let components) = path else {
                    throw QueryError.runtime("Path must be specified as an array")
                }
                let value: JSONValue
                do throws(QueryError) {
                    value = try QueryPaths.get(call.input, components[...])
                } catch {
                    if call.tracking { value = .null } else { throw error }
                }
                if call.tracking {
                    guard let base = call.path else {
                        throw QueryError.runtime(
                            "Invalid path expression with result \(QueryValueText.truncated(call.input))")
                    }
                    try emit(value, base + components)
                } else {
                    try emit(value, nil)
                }
            }
        },
        "setpath/2": .value { input, arguments throws(QueryError) in
            guard case .array(let components) = arguments[0] else {
                throw QueryError.runtime("Path must be specified as an array")
            }
            return try QueryPaths.set(input, components[...], arguments[1])
        },
        "delpaths/1": .value { input, arguments throws(QueryError) in
            guard case .array(let paths) = arguments[0] else {
                throw QueryError.runtime("Paths must be specified as an array")
            }
            return try QueryPaths.delete(input, paths)
        },
        "del/1": .filter { call, emit throws(QueryError) in
            let paths = try call.interpreter.collectPaths(call.arguments[0], call.env, call.input)
            try emit(try QueryPaths.delete(call.input, paths.map(JSONValue.array)), nil)
        },
        "paths/0": .filter { call, emit throws(QueryError) in
            try call.interpreter.recurseOptional(call.input, [], true) { (_, path) throws(QueryError) in
                if let path, !path.isEmpty { try emit(.array(path), nil) }
            }
        },
        "input/0": .filter { call, emit throws(QueryError) in
            guard let next = call.interpreter.inputs.next() else { throw QueryError.runtime("No more inputs") }
            try emit(next, nil)
        },
        "inputs/0": .filter { call, emit throws(QueryError) in
            while let next = call.interpreter.inputs.next() { try emit(next, nil) }
        },
        "debug/0": .filter { call, emit throws(QueryError) in
            call.interpreter.inputs.message(QueryFormats.json(.array(["DEBUG:", call.input])) + "\n")
            try emit(call.input, call.path)
        },
        "debug/1": .filter { call, emit throws(QueryError) in
            try call.values(0) { (message: JSONValue) throws(QueryError) in
                call.interpreter.inputs.message(QueryFormats.json(.array(["DEBUG:", message])) + "\n")
            }
            try emit(call.input, call.path)
        },
        "stderr/0": .filter { call, emit throws(QueryError) in
            call.interpreter.inputs.message(QueryFormats.text(call.input))
            try emit(call.input, call.path)
        },
        "input_filename/0": .value { _, _ throws(QueryError) in .null },
        "input_line_number/0": .value { _, _ throws(QueryError) in number(0) },
        "env/0": .filter { call, emit throws(QueryError) in try emit(call.interpreter.globals["ENV"] ?? [:], nil) },
        "builtins/0": .value { _, _ throws(QueryError) in .array(names.map(JSONValue.string)) },
        "halt/0": .filter { _, _ throws(QueryError) in
            throw QueryError(expression: "", column: 0, message: "halt", kind: .runtime, value: nil, haltStatus: 0)
        },
        "halt_error/1": .filter { call, _ throws(QueryError) in
            try call.values(0) { (status: JSONValue) throws(QueryError) in
                guard case .number(let number) = status else {
                    throw QueryError.runtime("halt_error/1: number required")
                }
                let text: String
                if case .string(let string) = call.input {
                    text = string
                } else {
                    text = QueryFormats.json(call.input) + "\n"
                }
                throw QueryError(
                    expression: "", column: 0, message: text, kind: .runtime, value: call.input,
                    haltStatus: QueryNumber.truncatedInt32(number.doubleValue))
            }
        },
        "get_search_list/0": .value { _, _ throws(QueryError) in [] },
        // Number literals keep their precision through a query (as jq built with decNumber does).
        "have_decnum/0": .value { _, _ throws(QueryError) in true },
        "have_literal_numbers/0": .value { _, _ throws(QueryError) in true },
        "format/1": .value { input, arguments throws(QueryError) in
            guard case .string(let name) = arguments[0] else {
                throw QueryError.runtime("\(QueryValueText.described(arguments[0])) is not a valid format")
            }
            return .string(try QueryFormats.apply(name, input))
        },
    ]
}

extension QueryInterpreter {
    /// `recurse` / `..`: the value, then everything inside arrays and objects, depth first.
    func recurseOptional(_ value: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit) throws(QueryError) {
        try recurse(value, path, tracking, emit)
    }

    /// The first `count` outputs of `node`, which stops there (`limit`, `first`).
    func stopping(
        after count: Double, _ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        let id = makeLabel()
        var produced = 0.0
        do throws(QueryError) {
            try eval(node, env, input, path, tracking) { (value, valuePath) throws(QueryError) in
                produced += 1
                try emit(value, valuePath)
                if produced >= count { throw QueryError.breaking(id) }
            }
        } catch {
            if error.breakLabel != id { throw error }
        }
    }
}
