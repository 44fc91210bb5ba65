/// `as` bindings with destructuring, `reduce` and `foreach`.
extension QueryInterpreter {
    func bind(
        _ source: QueryNode, _ patterns: [QueryPattern], _ body: QueryNode, _ env: QueryEnvironment?,
        _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        if patterns.count == 1 {
            try values(source, env, input) { (value: JSONValue) throws(QueryError) in
                try destructure(patterns[0], value, env, input) { (scope) throws(QueryError) in
                    try eval(body, scope, input, path, tracking, emit)
                }
            }
            return
        }
        // `?//`: every variable of every pattern is bound (null when a pattern lacks it); when the body fails
        // with one pattern, the next is tried; the last pattern's error stands.
        var allNames: [String] = []
        for pattern in patterns {
            for name in pattern.variables where !allNames.contains(name) { allNames.append(name) }
        }
        var base = env
        for name in allNames { base = QueryEnvironment(.variable(name, .null), parent: base) }
        try values(source, env, input) { (value: JSONValue) throws(QueryError) in
            for (offset, pattern) in patterns.enumerated() {
                var downstream: QueryError?
                do throws(QueryError) {
                    try destructure(pattern, value, base, input) { (scope) throws(QueryError) in
                        try eval(body, scope, input, path, tracking) { (output, outputPath) throws(QueryError) in
                            do throws(QueryError) {
                                try emit(output, outputPath)
                            } catch {
                                downstream = error
                                throw error
                            }
                        }
                    }
                    return
                } catch {
                    if let downstream { throw downstream }
                    if error.passesThroughCatch || offset == patterns.count - 1 {
                        throw error
                    }
                }
            }
        }
    }

    /// Binds the pattern's variables to the parts of `value`, once per combination of its key filters' outputs.
    func destructure(
        _ pattern: QueryPattern, _ value: JSONValue, _ env: QueryEnvironment?, _ input: JSONValue,
        _ body: (QueryEnvironment?) throws(QueryError) -> Void
    ) throws(QueryError) {
        switch pattern {
        case .variable(let name):
            try body(QueryEnvironment(.variable(name, value), parent: env))
        case .array(let items):
            if !value.isNull, case .array = value {
            } else if !value.isNull {
                throw QueryError.runtime("Cannot index \(value.typeName) with number")
            }
            try destructureItems(items[...], 0, value, env, input, body)
        case .object(let entries):
            try destructureEntries(entries[...], value, env, input, body)
        }
    }

    private func destructureItems(
        _ items: ArraySlice<QueryPattern>, _ position: Int, _ value: JSONValue, _ env: QueryEnvironment?,
        _ input: JSONValue, _ body: (QueryEnvironment?) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let item = items.first else { return try body(env) }
        let element = try QueryIndexing.index(value, .number(JSONNumber(position)))
        try destructure(item, element, env, input) { (scope) throws(QueryError) in
            try destructureItems(items.dropFirst(), position + 1, value, scope, input, body)
        }
    }

    private func destructureEntries(
        _ entries: ArraySlice<(key: QueryNode, variable: String?, pattern: QueryPattern?)>, _ value: JSONValue,
        _ env: QueryEnvironment?, _ input: JSONValue, _ body: (QueryEnvironment?) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let entry = entries.first else { return try body(env) }
        try values(entry.key, env, input) { (key: JSONValue) throws(QueryError) in
            guard case .string = key else {
                throw QueryError.runtime("Cannot index \(value.typeName) with \(key.typeName)")
            }
            let member = try QueryIndexing.index(value, key)
            var scope = env
            if let variable = entry.variable { scope = QueryEnvironment(.variable(variable, member), parent: scope) }
            if let pattern = entry.pattern {
                try destructure(pattern, member, scope, input) { (inner) throws(QueryError) in
                    try destructureEntries(entries.dropFirst(), value, inner, input, body)
                }
            } else {
                try destructureEntries(entries.dropFirst(), value, scope, input, body)
            }
        }
    }

    func reduce(
        _ source: QueryNode, _ pattern: QueryPattern, _ initial: QueryNode, _ update: QueryNode,
        _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try eval(initial, env, input, path, tracking) { (start, startPath) throws(QueryError) in
            var state: JSONValue? = start
            var statePath = startPath
            try values(source, env, input) { (item: JSONValue) throws(QueryError) in
                try destructure(pattern, item, env, input) { (scope) throws(QueryError) in
                    var last: JSONValue?
                    var lastPath: [JSONValue]?
                    try eval(update, scope, state ?? .null, statePath, tracking) {
                        (next, nextPath) throws(QueryError) in
                        last = next
                        lastPath = nextPath
                    }
                    state = last
                    statePath = lastPath
                }
            }
            if let state { try emit(state, statePath) } else { try emit(.null, nil) }
        }
    }

    func foreach(
        _ source: QueryNode, _ pattern: QueryPattern, _ initial: QueryNode, _ update: QueryNode,
        _ extract: QueryNode?, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool,
        _ emit: Emit
    ) throws(QueryError) {
        try eval(initial, env, input, path, tracking) { (start, startPath) throws(QueryError) in
            var state = start
            var statePath = startPath
            try values(source, env, input) { (item: JSONValue) throws(QueryError) in
                try destructure(pattern, item, env, input) { (scope) throws(QueryError) in
                    try eval(update, scope, state, statePath, tracking) { (next, nextPath) throws(QueryError) in
                        state = next
                        statePath = nextPath
                        if let extract {
                            try eval(extract, scope, next, nextPath, tracking, emit)
                        } else {
                            try emit(next, nextPath)
                        }
                    }
                }
            }
        }
    }
}
