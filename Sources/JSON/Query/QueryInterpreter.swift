import LinearRegex

/// Runs a parsed query. Evaluation passes each output on as soon as it exists (continuation style), which gives
/// jq's output order for generators and cartesian products, and delivers the outputs produced before an error.
///
/// Path tracking (`path(f)`, assignments, `del`, `paths`): with `tracking` on, every output comes with the path
/// from the original input to it, or nil when it was computed rather than reached (`1`, `. + 1`); using such a
/// value as a path is jq's "Invalid path expression" error.
final class QueryInterpreter {
    typealias Emit = (JSONValue, [JSONValue]?) throws(QueryError) -> Void

    let globals: [String: JSONValue]
    let inputs: QueryInputs
    /// Steps, collected values and call depth left (shared by the evaluations of one body).
    let budget: QueryBudget
    private var nextLabel = 0
    var callDepth = 0
    /// Made when calls first nest deep.
    var stackGuard: QueryStackGuard?
    var patterns: [String: Pattern] = [:]

    init(globals: [String: JSONValue], inputs: QueryInputs, budget: QueryBudget = QueryBudget()) {
        self.globals = globals
        self.inputs = inputs
        self.budget = budget
    }

    func makeLabel() -> Int {
        nextLabel += 1
        return nextLabel
    }

    /// Values only (no path tracking).
    func values(
        _ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ body: (JSONValue) throws(QueryError) -> Void
    ) throws(QueryError) {
        try eval(node, env, input, nil, false) { (value, _) throws(QueryError) in try body(value) }
    }

    func eval(
        _ node: QueryNode, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool,
        _ emit: Emit
    ) throws(QueryError) {
        try budget.step()
        switch node {
        case .identity:
            try emit(input, path)
        case .recurse:
            try recurse(input, path, tracking, emit)
        case .literal(let value):
            try emit(value, nil)
        case .index(let base, let key):
            try evalIndex(base, key, env, input, path, tracking, emit)
        case .slice(let base, let from, let to):
            try evalSlice(base, from, to, env, input, path, tracking, emit)
        case .iterate(let base):
            try evalIterate(base, env, input, path, tracking, emit)
        case .tryCatch(let body, let handler):
            try tryCatch(body, handler, env, input, path, tracking, emit)
        case .pipe(let lhs, let rhs):
            try evalPipe(lhs, rhs, env, input, path, tracking, emit)
        case .comma(let parts):
            for part in parts { try eval(part, env, input, path, tracking, emit) }
        case .alternative(let lhs, let rhs):
            try evalAlternative(lhs, rhs, env, input, path, tracking, emit)
        case .and(let lhs, let rhs):
            try evalAnd(lhs, rhs, env, input, path, tracking, emit)
        case .or(let lhs, let rhs):
            try evalOr(lhs, rhs, env, input, path, tracking, emit)
        case .binary(let op, let lhs, let rhs):
            try evalBinary(op, lhs, rhs, env, input, path, tracking, emit)
        case .negate(let operand):
            try evalNegate(operand, env, input, path, tracking, emit)
        case .array(let inner):
            try evalArray(inner, env, input, path, tracking, emit)
        case .object(let entries):
            try buildObject(entries[...], JSONObject(), env, input, emit)
        case .conditional(let condition, let then, let otherwise):
            try evalConditional(condition, then, otherwise, env, input, path, tracking, emit)
        case .bind(let source, let patterns, let body):
            try bind(source, patterns, body, env, input, path, tracking, emit)
        case .reduce(let source, let pattern, let initial, let update):
            try reduce(source, pattern, initial, update, env, input, path, tracking, emit)
        case .foreach(let source, let pattern, let initial, let update, let extract):
            try foreach(source, pattern, initial, update, extract, env, input, path, tracking, emit)
        case .define(let definition, let rest):
            try eval(rest, QueryEnvironment(.function(definition), parent: env), input, path, tracking, emit)
        case .call(let name, let arguments):
            try call(name, arguments, env, input, path, tracking, emit)
        case .variable(let name):
            guard let value = env?.variable(name) ?? globals[name] else {
                throw QueryError.runtime("$\(name) is not defined")
            }
            try emit(value, nil)
        case .label(let name, let body):
            try evalLabel(name, body, env, input, path, tracking, emit)
        case .breakLabel(let name):
            guard let id = env?.label(name) else { throw QueryError.runtime("$*label-\(name) is not defined") }
            throw QueryError.breaking(id)
        case .interpolation(let parts, let format):
            try interpolate(parts[...], "", format, env, input, emit)
        case .format(let name):
            try emit(.string(try QueryFormats.apply(name, input)), nil)
        case .assign(let kind, let lhs, let rhs):
            try assign(kind, lhs, rhs, env, input, emit)
        }
    }

    /// The path one step further, or jq's error when the target was not reached by a path.
    static func extend(_ path: [JSONValue]?, _ target: JSONValue, _ key: JSONValue) throws(QueryError) -> [JSONValue] {
        guard var path else {
            throw QueryError.runtime(
                "Invalid path expression near attempt to access element \(QueryValueText.truncated(key)) of "
                    + QueryValueText.truncated(target))
        }
        path.append(key)
        return path
    }

    static func iterationFailure(_ target: JSONValue) -> QueryError {
        QueryError.runtime(
            "Invalid path expression near attempt to iterate through \(QueryValueText.truncated(target))")
    }

    func iterate(_ target: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit) throws(QueryError) {
        switch target {
        case .array(let array):
            if tracking {
                guard let path else { throw Self.iterationFailure(target) }
                for (offset, value) in array.enumerated() { try emit(value, path + [.number(JSONNumber(offset))]) }
            } else {
                for value in array { try emit(value, nil) }
            }
        case .object(let object):
            if tracking {
                guard let path else { throw Self.iterationFailure(target) }
                for (key, value) in object { try emit(value, path + [.string(key.string)]) }
            } else {
                for value in object.values { try emit(value, nil) }
            }
        default:
            throw QueryError.runtime("Cannot iterate over \(QueryValueText.described(target))")
        }
    }

    /// `..`: the value, then everything inside it, depth first.
    func recurse(_ value: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit) throws(QueryError) {
        try emit(value, path)
        switch value {
        case .array, .object:
            try iterate(value, path, tracking) { (child, childPath) throws(QueryError) in
                try recurse(child, childPath, tracking, emit)
            }
        default:
            break
        }
    }

    /// `try BODY catch HANDLER`: an error raised inside the body ends its outputs and runs the handler on the error's
    /// value; an error raised further down the pipeline by one of its outputs propagates (jq 1.7).
    private func tryCatch(
        _ body: QueryNode, _ handler: QueryNode?, _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?,
        _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        var downstream: QueryError?
        do throws(QueryError) {
            try eval(body, env, input, path, tracking) { (value, valuePath) throws(QueryError) in
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
            guard let handler else { return }
            if case .call("empty", _) = handler { return }
            let caught = error.value ?? .string(error.message)
            // jq 1.8: `error(null)` is caught as null; `try error catch .` on `{__jq: ...}` is internal.
            try eval(handler, env, caught, nil, tracking, emit)
        }
    }

    /// One output per combination of the entries' key and value outputs, first entry outermost.
    private func buildObject(
        _ entries: ArraySlice<QueryObjectEntry>, _ partial: JSONObject, _ env: QueryEnvironment?, _ input: JSONValue,
        _ emit: Emit
    ) throws(QueryError) {
        guard let entry = entries.first else { return try emit(.object(partial), nil) }
        try values(entry.key, env, input) { (key: JSONValue) throws(QueryError) in
            guard case .string(let name) = key else {
                throw QueryError.runtime(
                    "Object keys must be strings")
            }
            try values(entry.value, env, input) { (value: JSONValue) throws(QueryError) in
                var next = partial
                next[name] = value
                try buildObject(entries.dropFirst(), next, env, input, emit)
            }
        }
    }

    /// Later interpolations are the outer loops, as in jq: `"\(1,2)-\(3,4)"` is "1-3", "2-3", "1-4", "2-4".
    private func interpolate(
        _ parts: ArraySlice<QueryStringPart>, _ suffix: String, _ format: String, _ env: QueryEnvironment?,
        _ input: JSONValue, _ emit: Emit
    ) throws(QueryError) {
        guard let part = parts.last else { return try emit(.string(suffix), nil) }
        switch part {
        case .text(let text):
            try interpolate(parts.dropLast(), text + suffix, format, env, input, emit)
        case .filter(let node):
            try values(node, env, input) { (value: JSONValue) throws(QueryError) in
                let text = try QueryFormats.apply(format, value)
                try interpolate(parts.dropLast(), text + suffix, format, env, input, emit)
            }
        }
    }
}
