/// Paths of a filter and the assignment operators built on them.
extension QueryInterpreter {
    /// `path(f)` on `input`: every output's path, or jq's error for an output that is not reached by a path.
    func paths(
        _ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue,
        _ body: ([JSONValue]) throws(QueryError) -> Void
    ) throws(QueryError) {
        try eval(node, env, input, [], true) { (value, path) throws(QueryError) in
            guard let path else {
                throw QueryError.runtime("Invalid path expression with result \(QueryValueText.truncated(value))")
            }
            try body(path)
        }
    }

    func collectPaths(_ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue) throws(QueryError)
        -> [[JSONValue]]
    {
        var all: [[JSONValue]] = []
        try paths(node, env, input) { (path) throws(QueryError) in all.append(path) }
        return all
    }

    func assign(
        _ kind: QueryAssignment, _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue,
        _ emit: Emit
    ) throws(QueryError) {
        switch kind {
        case .update:
            try emit(try modify(lhs, env, input) { (old) throws(QueryError) in try first(rhs, env, old) }, nil)
        case .set:
            try values(rhs, env, input) { (value: JSONValue) throws(QueryError) in
                var result = input
                for path in try collectPaths(lhs, env, input) { result = try QueryPaths.set(result, path[...], value) }
                try emit(result, nil)
            }
        case .alternative:
            try values(rhs, env, input) { (value: JSONValue) throws(QueryError) in
                var result = input
                for path in try collectPaths(lhs, env, input) {
                    let old = try QueryPaths.get(result, path[...])
                    result = try QueryPaths.set(result, path[...], QueryOrdering.isTruthy(old) ? old : value)
                }
                try emit(result, nil)
            }
        case .add, .subtract, .multiply, .divide, .modulo:
            let op = kind.arithmetic!
            try values(rhs, env, input) { (value: JSONValue) throws(QueryError) in
                try emit(
                    try modify(lhs, env, input) { (old) throws(QueryError) in
                        try QueryArithmetic.apply(op, old, value)
                    }, nil)
            }
        }
    }

    /// jq 1.7's `_modify`: each path's value replaced by the update's first output, or deleted when it has none.
    func modify(
        _ lhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue,
        _ update: (JSONValue) throws(QueryError) -> JSONValue?
    ) throws(QueryError) -> JSONValue {
        var result = input
        var deletions: [JSONValue] = []
        for path in try collectPaths(lhs, env, input) {
            let old = try QueryPaths.get(result, path[...])
            if let new = try update(old) {
                result = try QueryPaths.set(result, path[...], new)
            } else {
                deletions.append(.array(path))
            }
        }
        return deletions.isEmpty ? result : try QueryPaths.delete(result, deletions)
    }

    /// The first output of `node`, stopping it there.
    func first(_ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue) throws(QueryError) -> JSONValue? {
        let id = makeLabel()
        var found: JSONValue?
        do throws(QueryError) {
            try values(node, env, input) { (value: JSONValue) throws(QueryError) in
                found = value
                throw QueryError.breaking(id)
            }
        } catch {
            if error.breakLabel != id { throw error }
        }
        return found
    }
}
