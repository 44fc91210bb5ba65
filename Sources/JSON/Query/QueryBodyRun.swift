/// Why `Query.run(body:)` failed.
public enum QueryBodyError: Error, Sendable, CustomStringConvertible {
    /// The body is not JSON (no output is valid then: discard any delivered).
    case notJSON(JSONParseError)
    /// The query failed on a value (the outputs delivered before it stand, as jq prints them).
    case query(QueryError)
    /// Memory ran out while the body was read by element (no output is valid then either).
    case outOfMemory

    public var description: String {
        switch self {
        case .notJSON(let error): "--query needs a JSON body: \(error)"
        case .query(let error): "\(error)"
        case .outOfMemory: "--query: out of memory while reading the body"
        }
    }
}

extension Query {
    /// Runs the query on a whole response body as jq runs a program on its input: the body is one or more JSON
    /// values (NDJSON served as JSON is a stream of values), the program runs on each, and `input`/`inputs` read
    /// the values after it. All values share `budget`.
    ///
    /// A body that is one array, under a query of the shape `QueryElementPlan` knows (`.[] | F`, `[.[] | F] | G`,
    /// `map(F) | G`), is read one element at a time and never built whole; elements are built with only the
    /// members F reads. The outputs and errors are the same as on the whole parsed body: a body that is not JSON
    /// is `.notJSON` even after a runtime error on an earlier element, and then the outputs delivered must be
    /// discarded.
    ///
    /// It runs on a thread with a large stack (`QueryLargeStack`), so functions can recurse as deep as the budget
    /// allows.
    public func run(
        body: UnsafeRawBufferPointer, budget: QueryBudget = QueryBudget(), maxDepth: Int = JSON.defaultMaxDepth,
        each: (JSONValue) -> Void
    ) throws(QueryBodyError) {
        var outcome: Result<Void, QueryBodyError> = .success(())
        QueryLargeStack.run {
            outcome = Result { () throws(QueryBodyError) in
                try runHere(body: body, budget: budget, maxDepth: maxDepth, each: each)
            }
        }
        try outcome.get()
    }

    private func runHere(
        body: UnsafeRawBufferPointer, budget: QueryBudget, maxDepth: Int, each: (JSONValue) -> Void
    ) throws(QueryBodyError) {
        if let plan = elementPlan, let base = body.baseAddress, body.count > 0 {
            var parser = JSONParser(
                bytes: base.assumingMemoryBound(to: UInt8.self), count: body.count, maxDepth: maxDepth)
            if try runElements(plan, &parser, budget, each) { return }
        }
        var values: [JSONValue] = []
        if let base = body.baseAddress, body.count > 0 {
            var parser = JSONParser(
                bytes: base.assumingMemoryBound(to: UInt8.self), count: body.count, maxDepth: maxDepth)
            do {
                values = try parser.parseSequence()
            } catch {
                throw .notJSON(error)
            }
        }
        try runValues(values[...], budget, each)
    }

    /// Runs the query on each value in turn.
    func runValues(_ values: ArraySlice<JSONValue>, _ budget: QueryBudget, _ each: (JSONValue) -> Void)
        throws(QueryBodyError)
    {
        do {
            let inputs = QueryInputs(Array(values))
            while let value = inputs.next() { try evaluate(value, inputs: inputs, budget: budget, each: each) }
        } catch {
            throw .query(error)
        }
    }

    /// The streamed path; false (having delivered nothing) when the body does not start with an array.
    private func runElements(
        _ plan: QueryElementPlan, _ parser: inout JSONParser, _ budget: QueryBudget, _ each: (JSONValue) -> Void
    ) throws(QueryBodyError) -> Bool {
        parser.skipByteOrderMark()
        parser.skipWhitespace()
        guard parser.index < parser.count, parser.bytes[parser.index] == ASCII.openBracket else { return false }
        let interpreter = QueryInterpreter(globals: globals, inputs: QueryInputs(), budget: budget)
        var failure: QueryError?
        var collected: [JSONValue] = []
        let collecting: Bool
        if case .collect = plan.shape { collecting = true } else { collecting = false }
        do throws(JSONParseError) {
            try parser.enterContainer()
            parser.skipWhitespace()
            if parser.index < parser.count, parser.bytes[parser.index] == ASCII.closeBracket {
                parser.index += 1
                parser.depth -= 1
            } else {
                while true {
                    if failure == nil {
                        let element = try parser.parseValue(keeping: plan.memberBytes)
                        do throws(QueryError) {
                            try run(plan.filter, on: element, interpreter) { (value) throws(QueryError) in
                                if collecting {
                                    try budget.collect()
                                    collected.append(value)
                                } else {
                                    each(value)
                                }
                            }
                        } catch {
                            failure = error
                        }
                    } else {
                        try parser.skipValue()  // a later syntax error still wins, as when the body is parsed first
                    }
                    guard try parser.stepOverSeparator(inObject: false) else { break }
                }
            }
        } catch {
            throw .notJSON(error)
        }
        // The values after the array, if any (jq runs the program on each of them too).
        let rest: [JSONValue]
        do {
            rest = try parser.parseValues()
        } catch {
            throw .notJSON(error)
        }
        if let failure { throw .query(failure) }
        if case .collect(let then) = plan.shape {
            do throws(QueryError) {
                try run(then, on: .array(collected), interpreter) { (value) throws(QueryError) in each(value) }
            } catch {
                throw .query(error)
            }
        }
        try runValues(rest[...], budget, each)
        return true
    }

    /// Evaluates `node` (a part of this query) on `input`, with `evaluate`'s error handling.
    func run(
        _ node: QueryNode, on input: JSONValue, _ interpreter: QueryInterpreter,
        _ body: (JSONValue) throws(QueryError) -> Void
    ) throws(QueryError) {
        do {
            try interpreter.eval(node, nil, input, nil, false) { (value, _) throws(QueryError) in try body(value) }
        } catch {
            if error.breakLabel != nil {
                throw QueryError.runtime("break").attaching(expression: expression)
            }
            throw error.attaching(expression: expression)
        }
    }
}
