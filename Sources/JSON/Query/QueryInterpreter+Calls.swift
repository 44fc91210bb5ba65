/// Function calls: user definitions and their parameters first (innermost wins), then builtins.
extension QueryInterpreter {
    func call(
        _ name: String, _ arguments: [QueryNode], _ env: QueryEnvironment?, _ input: JSONValue,
        _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        if let function = env?.function(name, arity: arguments.count) {
            switch function {
            case .closure(let node, let scope):
                try eval(node, scope, input, path, tracking, emit)
            case .definition(let definition, let frame):
                try invoke(definition, frame, arguments, env, input, path, tracking, emit)
            }
            return
        }
        let key = QueryFunctionKey(name: name, arity: arguments.count)
        if let native = QueryBuiltins.natives[key] {
            let call = QueryCall(
                interpreter: self, arguments: arguments, env: env, input: input, path: path, tracking: tracking)
            switch native {
            case .filter(let body):
                try body(call, emit)
            case .value(let body):
                try call.cartesian { (values) throws(QueryError) in try emit(try body(input, values), nil) }
            }
            return
        }
        if let definition = QueryPrelude.definitions[key] {
            try invoke(definition, nil, arguments, env, input, path, tracking, emit)
            return
        }
        throw QueryError.runtime("\(name)/\(arguments.count) is not defined")
    }

    /// Runs a definition's body in the scope it was defined in (`frame`, which holds the definition itself, so
    /// it can recurse), with its parameters bound to the call's arguments.
    func invoke(
        _ definition: QueryFunctionDefinition, _ frame: QueryEnvironment?, _ arguments: [QueryNode],
        _ env: QueryEnvironment?, _ input: JSONValue, _ path: [JSONValue]?, _ tracking: Bool, _ emit: Emit
    ) throws(QueryError) {
        callDepth += 1
        defer { callDepth -= 1 }
        try budget.checkCallDepth(callDepth)
        if callDepth > 64 {
            if stackGuard == nil { stackGuard = QueryStackGuard() }
            if stackGuard?.hasRoom() == false {
                throw QueryError.limit("function calls nested too deeply for the stack (\(callDepth) calls)")
            }
        }
        // A prelude definition (frame nil) sees itself and the other builtins through the builtin tables.
        var scope = frame
        var valueParameters: [(String, QueryNode)] = []
        for (parameter, argument) in zip(definition.parameters, arguments) {
            if parameter.hasPrefix("$") {
                let name = String(parameter.dropFirst())
                scope = QueryEnvironment(.closure(name, argument, env), parent: scope)
                valueParameters.append((name, argument))
            } else {
                scope = QueryEnvironment(.closure(parameter, argument, env), parent: scope)
            }
        }
        if valueParameters.isEmpty {
            try eval(definition.body, scope, input, path, tracking, emit)
        } else {
            try bindValues(valueParameters[...], scope, env, input) { (inner) throws(QueryError) in
                try eval(definition.body, inner, input, path, tracking, emit)
            }
        }
    }

    /// `def f($a; $b)`: `a as $a | b as $b | ...`, the first parameter outermost.
    private func bindValues(
        _ parameters: ArraySlice<(String, QueryNode)>, _ scope: QueryEnvironment?, _ env: QueryEnvironment?,
        _ input: JSONValue, _ body: (QueryEnvironment?) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let (name, argument) = parameters.first else { return try body(scope) }
        try values(argument, env, input) { (value: JSONValue) throws(QueryError) in
            try bindValues(
                parameters.dropFirst(), QueryEnvironment(.variable(name, value), parent: scope), env, input, body)
        }
    }
}

struct QueryFunctionKey: Hashable, Sendable {
    let name: String
    let arity: Int
}

/// What a builtin receives: its arguments as unevaluated filters with the caller's scope, and the input.
struct QueryCall {
    let interpreter: QueryInterpreter
    let arguments: [QueryNode]
    let env: QueryEnvironment?
    let input: JSONValue
    let path: [JSONValue]?
    let tracking: Bool

    /// The outputs of argument `index` on the input (or on `on`).
    func values(_ index: Int, on: JSONValue? = nil, _ body: (JSONValue) throws(QueryError) -> Void)
        throws(QueryError)
    {
        try interpreter.values(arguments[index], env, on ?? input, body)
    }

    /// Every output of argument `index`, collected.
    func all(_ index: Int, on: JSONValue? = nil) throws(QueryError) -> [JSONValue] {
        var results: [JSONValue] = []
        try values(index, on: on) { (value: JSONValue) throws(QueryError) in results.append(value) }
        return results
    }

    /// Each combination of the arguments' outputs, the first argument outermost.
    func cartesian(_ body: ([JSONValue]) throws(QueryError) -> Void) throws(QueryError) {
        try combine(0, [], body)
    }

    private func combine(_ index: Int, _ partial: [JSONValue], _ body: ([JSONValue]) throws(QueryError) -> Void)
        throws(QueryError)
    {
        guard index < arguments.count else { return try body(partial) }
        try values(index) { (value: JSONValue) throws(QueryError) in
            try combine(index + 1, partial + [value], body)
        }
    }
}
