/// The larger cases of `eval`, one function each, so `eval` keeps a small stack frame (it recurses for every
/// nested filter and every output passed on).
extension QueryInterpreter {
    func evalIndex(
        _ base: QueryNode, _ key: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        // jq evaluates the key against the term's input, outer loop; then the base, inner loop.
        try values(key, env, input) { (key: JSONValue) throws(QueryError) in
            try eval(base, env, input, path, tracking) { (target, targetPath) throws(QueryError) in
                if tracking {
                    let next = try Self.extend(targetPath, target, key)
                    try emit(try QueryIndexing.index(target, key), next)
                } else {
                    try emit(try QueryIndexing.index(target, key), nil)
                }
            }
        }
    }

    func evalSlice(
        _ base: QueryNode, _ from: QueryNode?, _ to: QueryNode?, _ env: QueryEnvironment?, _ input: JSONValue,
        _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try values(from ?? .literal(.null), env, input) { (start: JSONValue) throws(QueryError) in
            try values(to ?? .literal(.null), env, input) { (end: JSONValue) throws(QueryError) in
                try eval(base, env, input, path, tracking) { (target, targetPath) throws(QueryError) in
                    let value = try QueryIndexing.slice(target, from: start, to: end)
                    if tracking {
                        let key = JSONValue.object(["start": start, "end": end])
                        try emit(value, try Self.extend(targetPath, target, key))
                    } else {
                        try emit(value, nil)
                    }
                }
            }
        }
    }

    func evalIterate(
        _ base: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool,
        _ emit: Emit
    ) throws(QueryError) {
        try eval(base, env, input, path, tracking) { (target, targetPath) throws(QueryError) in
            try iterate(target, targetPath, tracking, emit)
        }
    }

    func evalPipe(
        _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try eval(lhs, env, input, path, tracking) { (value, valuePath) throws(QueryError) in
            try eval(rhs, env, value, valuePath, tracking, emit)
        }
    }

    func evalAlternative(
        _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        // Errors raised on the left end it silently (jq's FORK_OPT); false and null are skipped.
        var found = false
        var downstream: QueryError?
        do throws(QueryError) {
            try eval(lhs, env, input, path, tracking) { (value, valuePath) throws(QueryError) in
                guard QueryOrdering.isTruthy(value) else { return }
                found = true
                do throws(QueryError) {
                    try emit(value, valuePath)
                } catch {
                    downstream = error
                    throw error
                }
            }
        } catch {
            if let downstream { throw downstream }
            if error.passesThroughCatch { throw error }
        }
        if !found { try eval(rhs, env, input, path, tracking, emit) }
    }

    func evalAnd(
        _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try values(lhs, env, input) { (left: JSONValue) throws(QueryError) in
            guard QueryOrdering.isTruthy(left) else { return try emit(.bool(false), nil) }
            try values(rhs, env, input) { (right: JSONValue) throws(QueryError) in
                try emit(.bool(QueryOrdering.isTruthy(right)), nil)
            }
        }
    }

    func evalOr(
        _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try values(lhs, env, input) { (left: JSONValue) throws(QueryError) in
            guard !QueryOrdering.isTruthy(left) else { return try emit(.bool(true), nil) }
            try values(rhs, env, input) { (right: JSONValue) throws(QueryError) in
                try emit(.bool(QueryOrdering.isTruthy(right)), nil)
            }
        }
    }

    func evalBinary(
        _ op: QueryOperator, _ lhs: QueryNode, _ rhs: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue,
        _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        // jq runs the right operand in the outer loop: `(1,2) + (10,20)` is 11, 12, 21, 22.
        try values(rhs, env, input) { (right: JSONValue) throws(QueryError) in
            try values(lhs, env, input) { (left: JSONValue) throws(QueryError) in
                // Joining arrays copies them: `reduce ... (.; . + [$x])` costs the square of its length.
                if op == .add, case .array(let a) = left, case .array(let b) = right {
                    try budget.step(a.count + b.count)
                }
                try emit(try QueryArithmetic.apply(op, left, right), nil)
            }
        }
    }

    func evalNegate(
        _ operand: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool,
        _ emit: Emit
    ) throws(QueryError) {
        try values(operand, env, input) { (value: JSONValue) throws(QueryError) in
            try emit(try QueryArithmetic.negate(value), nil)
        }
    }

    func evalArray(
        _ inner: QueryNode?, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool,
        _ emit: Emit
    ) throws(QueryError) {
        var items: [JSONValue] = []
        if let inner {
            try values(inner, env, input) { (value: JSONValue) throws(QueryError) in
                try budget.collect()
                items.append(value)
            }
        }
        try emit(.array(items), nil)
    }

    func evalConditional(
        _ condition: QueryNode, _ then: QueryNode, _ otherwise: QueryNode?, _ env: QueryEnvironment?,
        _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        try values(condition, env, input) { (verdict: JSONValue) throws(QueryError) in
            if QueryOrdering.isTruthy(verdict) {
                try eval(then, env, input, path, tracking, emit)
            } else if let otherwise {
                try eval(otherwise, env, input, path, tracking, emit)
            } else {
                try emit(input, path)
            }
        }
    }

    func evalLabel(
        _ name: String, _ body: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        let id = makeLabel()
        do throws(QueryError) {
            try eval(body, QueryEnvironment(.label(name, id), parent: env), input, path, tracking, emit)
        } catch {
            if error.breakLabel != id { throw error }
        }
    }
}
