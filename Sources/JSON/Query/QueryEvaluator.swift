/// Runs a parsed query. Evaluation passes each output on as soon as it exists (continuation style), which gives
/// jq's output order for generators and cartesian products, and delivers the outputs produced before an error.
enum QueryEvaluator {
    typealias Emit = (JSONValue) throws(QueryError) -> Void

    // The optimizer's closure specialization recurses through this continuation-passing evaluator without bound
    // (a release build of the JSON target ran out of memory); keeping these few functions unspecialized costs
    // little, since each step already does real work per value.
    @_optimize(none)
    static func evaluate(_ node: QueryNode, _ input: JSONValue, _ emit: Emit) throws(QueryError) {
        switch node {
        case .identity:
            try emit(input)
        case .literal(let value):
            try emit(value)
        case .index(let base, let key, let optional):
            // jq evaluates the key against the term's input, outer loop; then the base, inner loop.
            try evaluate(key, input) { (key: JSONValue) throws(QueryError) in
                try evaluate(base, input) { (target: JSONValue) throws(QueryError) in
                    if optional {
                        if let value = try? QueryIndexing.index(target, key) { try emit(value) }
                    } else {
                        try emit(try QueryIndexing.index(target, key))
                    }
                }
            }
        case .slice(let base, let from, let to, let optional):
            try evaluate(from ?? .literal(.null), input) { (start: JSONValue) throws(QueryError) in
                try evaluate(to ?? .literal(.null), input) { (end: JSONValue) throws(QueryError) in
                    try evaluate(base, input) { (target: JSONValue) throws(QueryError) in
                        if optional {
                            if let value = try? QueryIndexing.slice(target, from: start, to: end) { try emit(value) }
                        } else {
                            try emit(try QueryIndexing.slice(target, from: start, to: end))
                        }
                    }
                }
            }
        case .iterate(let base, let optional):
            try evaluate(base, input) { (target: JSONValue) throws(QueryError) in
                let values: [JSONValue]
                if optional {
                    guard let all = try? QueryIndexing.iterate(target) else { return }
                    values = all
                } else {
                    values = try QueryIndexing.iterate(target)
                }
                for value in values { try emit(value) }
            }
        case .pipe(let lhs, let rhs):
            try evaluate(lhs, input) { (value: JSONValue) throws(QueryError) in try evaluate(rhs, value, emit) }
        case .comma(let parts):
            for part in parts { try evaluate(part, input, emit) }
        case .alternative(let lhs, let rhs):
            // Errors on the left are not caught (as in jq 1.6 and 1.7); only false and null are skipped.
            var found = false
            try evaluate(lhs, input) { (value: JSONValue) throws(QueryError) in
                guard QueryOrdering.isTruthy(value) else { return }
                found = true
                try emit(value)
            }
            if !found { try evaluate(rhs, input, emit) }
        case .and(let lhs, let rhs):
            try evaluate(lhs, input) { (left: JSONValue) throws(QueryError) in
                guard QueryOrdering.isTruthy(left) else { return try emit(.bool(false)) }
                try evaluate(rhs, input) { (right: JSONValue) throws(QueryError) in
                    try emit(.bool(QueryOrdering.isTruthy(right)))
                }
            }
        case .or(let lhs, let rhs):
            try evaluate(lhs, input) { (left: JSONValue) throws(QueryError) in
                guard !QueryOrdering.isTruthy(left) else { return try emit(.bool(true)) }
                try evaluate(rhs, input) { (right: JSONValue) throws(QueryError) in
                    try emit(.bool(QueryOrdering.isTruthy(right)))
                }
            }
        case .binary(let op, let lhs, let rhs):
            // jq runs the right operand in the outer loop: `(1,2) + (10,20)` is 11, 12, 21, 22.
            try evaluate(rhs, input) { (right: JSONValue) throws(QueryError) in
                try evaluate(lhs, input) { (left: JSONValue) throws(QueryError) in
                    try emit(try QueryArithmetic.apply(op, left, right))
                }
            }
        case .negate(let operand):
            try evaluate(operand, input) { (value: JSONValue) throws(QueryError) in
                try emit(try QueryArithmetic.negate(value))
            }
        case .suppressErrors(let body):
            try suppressingErrors(body, input, emit)
        case .array(let inner):
            var items: [JSONValue] = []
            if let inner { try evaluate(inner, input) { (value: JSONValue) throws(QueryError) in items.append(value) } }
            try emit(.array(items))
        case .object(let entries):
            try buildObject(entries[...], JSONObject(), input, emit)
        case .conditional(let branches, let otherwise):
            try conditional(branches[...], otherwise, input, emit)
        case .call(let function):
            try QueryBuiltins.call(function, input, emit)
        }
    }

    /// `T?`: an error raised inside `T` ends its outputs silently; an error raised further down the pipeline by
    /// one of its outputs still propagates (jq 1.7's behaviour; jq 1.6 swallowed those too).
    @_optimize(none)
    private static func suppressingErrors(_ body: QueryNode, _ input: JSONValue, _ emit: Emit) throws(QueryError) {
        var downstream: QueryError?
        do throws(QueryError) {
            try evaluate(body, input) { (value: JSONValue) throws(QueryError) in
                do throws(QueryError) {
                    try emit(value)
                } catch {
                    downstream = error
                    throw error
                }
            }
        } catch {
            if let downstream { throw downstream }
        }
    }

    /// One output per combination of the entries' key and value outputs, first entry outermost.
    @_optimize(none)
    private static func buildObject(
        _ entries: ArraySlice<QueryObjectEntry>, _ partial: JSONObject, _ input: JSONValue, _ emit: Emit
    ) throws(QueryError) {
        guard let entry = entries.first else { return try emit(.object(partial)) }
        try evaluate(entry.key, input) { (key: JSONValue) throws(QueryError) in
            guard case .string(let name) = key else {
                throw QueryError.runtime("cannot use \(QueryValueText.described(key)) as object key")
            }
            try evaluate(entry.value, input) { (value: JSONValue) throws(QueryError) in
                var next = partial
                next[name] = value
                try buildObject(entries.dropFirst(), next, input, emit)
            }
        }
    }

    @_optimize(none)
    private static func conditional(
        _ branches: ArraySlice<QueryBranch>, _ otherwise: QueryNode?, _ input: JSONValue, _ emit: Emit
    ) throws(QueryError) {
        guard let branch = branches.first else {
            if let otherwise { try evaluate(otherwise, input, emit) } else { try emit(input) }
            return
        }
        try evaluate(branch.condition, input) { (condition: JSONValue) throws(QueryError) in
            if QueryOrdering.isTruthy(condition) {
                try evaluate(branch.then, input, emit)
            } else {
                try conditional(branches.dropFirst(), otherwise, input, emit)
            }
        }
    }
}
