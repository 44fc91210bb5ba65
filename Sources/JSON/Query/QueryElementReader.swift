/// Runs a query's element plan on a body that is one array, as its bytes arrive: each element is parsed (with
/// only the members the plan reads) and run as soon as the comma or bracket after it is in, and its bytes are then
/// dropped, so what is held is the element being read, not the body.
///
/// The outputs and errors are those of `Query.run(body:)` on the whole body: an element is parsed by the same
/// parser from the same bytes, and when the bytes so far do not make a whole element (or do not parse), it tries
/// again once more have come (after as many again as it holds, so a large element costs linear time), and at the
/// end of the body the error it then finds is the one the whole body gives. Errors count lines and columns from
/// the start of the body.
struct QueryElementReader {
    private enum Phase {
        /// Before the opening bracket (and a byte order mark).
        case opening
        /// After the opening bracket: an element or the closing bracket.
        case first
        /// At an element.
        case element
        /// After the closing bracket: the values after the array, read at the end.
        case rest
    }

    private let query: Query
    private let plan: QueryElementPlan
    private let maxDepth: Int
    private let budget: QueryBudget
    private let interpreter: QueryInterpreter
    private let each: (JSONValue) -> Void
    /// Takes the outputs whose printed text (compact, no colors) is at hand as those bytes, when given.
    private let eachText: ((UnsafeRawBufferPointer) -> Void)?
    /// The bytes not yet consumed; the first is at `origin` in the body.
    private let held = GrowableBytes()
    private var origin = JSONParseOrigin()
    private var phase = Phase.opening
    /// Where the next step starts in `held`.
    private var position = 0
    /// Nothing is tried again until `held` has this many bytes (or the body ends).
    private var retryAt = 0
    /// The first runtime error (the elements after it are only checked).
    private var failure: QueryError? {
        didSet { failed = failure != nil }
    }
    /// `failure != nil`, without looking into the error for each element.
    private var failed = false
    private var collected: [JSONValue] = []
    /// The plan's filter as the names of `.a.b.c`, when it is only that.
    private let path: [String]?
    /// The same names as UTF-8 bytes, when each output of the plan is one (`.[] | .a.b`, not collected): then
    /// each element is only stepped over, and the value the path leads to is found in its bytes.
    private let pathBytes: [[UInt8]]?
    /// The elements' shape, for `pathBytes`.
    private var shapes = JSONShapes()
    /// The steps of `path` (`.a.b` is two).
    private let pathSteps: Int

    init(
        query: Query, plan: QueryElementPlan, budget: QueryBudget, maxDepth: Int,
        eachText: ((UnsafeRawBufferPointer) -> Void)? = nil, each: @escaping (JSONValue) -> Void
    ) {
        self.query = query
        self.plan = plan
        self.maxDepth = maxDepth
        self.budget = budget
        self.each = each
        self.eachText = eachText
        let path = Self.path(of: plan.filter)
        self.path = path
        pathSteps = path?.count ?? 0
        if let path, !path.isEmpty, case .each = plan.shape {
            pathBytes = path.map { Array($0.utf8) }
        } else {
            pathBytes = nil
        }
        interpreter = QueryInterpreter(globals: query.globals, inputs: QueryInputs(), budget: budget)
    }

    /// The most it has held for one element, or holds now: what `--max-body` limits. An element read whole from one
    /// large batch is counted by its size, though it was never held alone (else the limit would hang on how the
    /// bytes happened to arrive).
    var heldCount: Int { max(held.count, largestElement) }
    private var largestElement = 0

    /// Takes more of the body (which starts, after whitespace and a byte order mark, with `[`) and runs what
    /// can be run. False when memory ran out.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(QueryBodyError) -> Bool {
        guard held.append(bytes) else { return false }
        if held.count >= retryAt { try advance(final: false) }
        return true
    }

    /// `append` of the bytes of `buffer`, which it may take instead of copying them: when the bytes it holds fit
    /// in the room before them, they go there, and `buffer` is left with the memory it held before.
    mutating func append(taking buffer: GrowableBytes) throws(QueryBodyError) -> Bool {
        let moved = held.withBytes { buffer.prepend($0) }
        guard moved else { return try buffer.withBytes { (bytes) throws(QueryBodyError) in try append(bytes) } }
        held.swapContents(with: buffer)
        if held.count >= retryAt { try advance(final: false) }
        return true
    }

    /// The room to leave before the next bytes, for `append(taking:)`: more than an element usually needs.
    static let room = 64 << 10

    /// The body has ended: runs the rest, then the values after the array.
    mutating func finish() throws(QueryBodyError) {
        try advance(final: true)
    }

    private mutating func advance(final: Bool) throws(QueryBodyError) {
        var rest: [JSONValue]?
        var stand: UInt8 = 0  // what the parser points at when nothing is held
        try held.withBytes { (raw) throws(QueryBodyError) in
            try withUnsafePointer(to: &stand) { (standIn) throws(QueryBodyError) in
                let start = raw.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? standIn
                var parser = JSONParser(bytes: start, count: raw.count, maxDepth: maxDepth)
                parser.origin = origin
                parser.locatesErrors = final
                parser.index = position
                parser.depth = phase == .opening ? 0 : 1
                rest = try steps(&parser, final: final)
                position = parser.index
            }
        }
        if let rest {
            try end(with: rest)
            return
        }
        // Drop what is done.
        let done = position
        guard done > 0 else { return }
        held.withBytes { raw in
            origin = origin.advanced(over: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: done)
        }
        held.removeFirst(done)
        position = 0
        retryAt = retryAt == Int.max ? retryAt : max(retryAt - done, 0)
    }

    /// Runs the steps the bytes allow; at the end of the body, the values after the array.
    private mutating func steps(_ parser: inout JSONParser, final: Bool) throws(QueryBodyError) -> [JSONValue]? {
        while true {
            let mark = parser.index
            do throws(JSONParseError) {
                switch phase {
                case .opening:
                    parser.skipByteOrderMark()
                    parser.skipWhitespace()
                    try parser.enterContainer()
                    parser.skipWhitespace()
                    phase = .first
                case .first:
                    parser.skipWhitespace()
                    guard parser.index < parser.count else { throw parser.error(.unexpectedEnd, at: parser.index) }
                    if parser.bytes[parser.index] == ASCII.closeBracket {
                        parser.index += 1
                        parser.depth -= 1
                        phase = .rest
                    } else {
                        phase = .element
                    }
                case .element:
                    try element(&parser)
                case .rest:
                    guard final else {
                        retryAt = Int.max
                        return nil
                    }
                    return try parser.parseValues()
                }
            } catch {
                if final { throw .notJSON(error) }
                // Not whole yet (or not JSON: the end of the body tells).
                parser.index = mark
                parser.depth = phase == .opening ? 0 : 1
                retryAt = parser.count + max(parser.count - mark, 1)
                return nil
            }
        }
    }

    /// Reads one element and the comma or bracket after it, then runs the plan on it.
    private mutating func element(_ parser: inout JSONParser) throws(JSONParseError) {
        parser.skipWhitespace()  // it may have come after the comma
        let start = parser.index
        let element: JSONValue?
        var end: JSONPathEnd?
        if failed {
            try parser.skipValue()  // a later syntax error still wins, as when the body is parsed first
            element = nil
        } else if let pathBytes {
            end = try parser.skipValue(following: pathBytes, shapes: &shapes)
            element = nil
        } else {
            element = try parser.parseValue(keeping: plan.memberBytes)
        }
        largestElement = max(largestElement, parser.index - start)
        if try !parser.stepOverSeparator(inObject: false) { phase = .rest }
        if let element { run(element) }
        if let end { try run(end, of: start, &parser) }
    }

    /// Runs the plan `.a.b` on the element at `start`, given where its path leads: the bytes of a value printed as
    /// itself go to `eachText`; another value is parsed; an element with neither an object nor null on the way is
    /// parsed and run as any other (for its error).
    private mutating func run(_ end: JSONPathEnd, of start: Int, _ parser: inout JSONParser) throws(JSONParseError) {
        let after = parser.index
        let depthAfter = parser.depth
        defer {
            parser.index = after
            parser.depth = depthAfter
        }
        // The element is checked already: parsing it again cannot fail.
        let value: JSONValue
        switch end {
        case .neither:
            parser.index = start
            parser.depth = 1
            return run(try parser.parseValue(keeping: plan.memberBytes))
        case .null:
            value = .null
        case .value(let range):
            if let eachText, parser.printsAsItself(range) {
                return countStep {
                    eachText(UnsafeRawBufferPointer(start: parser.bytes + range.lowerBound, count: range.count))
                }
            }
            parser.index = range.lowerBound
            parser.depth = 1 + (pathBytes?.count ?? 0)
            value = try parser.parseValue()
        }
        let each = each
        countStep { each(value) }
    }

    /// Counts the steps of `.a.b.c` in the budget, then makes its output (a budget error is the run's failure).
    private mutating func countStep(then output: () -> Void) {
        do throws(QueryError) {
            try budget.step(pathSteps)
            output()
        } catch {
            failure = error
        }
    }

    private mutating func run(_ element: JSONValue) {
        let collecting: Bool
        if case .collect = plan.shape { collecting = true } else { collecting = false }
        let budget = budget
        let each = each
        func deliver(_ value: JSONValue) throws(QueryError) {
            if collecting {
                try budget.collect()
                collected.append(value)
            } else {
                each(value)
            }
        }
        do throws(QueryError) {
            if let path, let value = Self.follow(path, from: element) {
                try budget.step(path.count)
                try deliver(value)
            } else {
                try query.run(plan.filter, on: element, interpreter) { (value) throws(QueryError) in
                    try deliver(value)
                }
            }
        } catch {
            failure = error
        }
    }

    /// The names of a filter that is only `.a.b.c`, which is followed without the interpreter.
    private static func path(of node: QueryNode) -> [String]? {
        switch node {
        case .identity: return []
        case .index(let base, key: .literal(.string(let name))): return path(of: base).map { $0 + [name] }
        default: return nil
        }
    }

    /// `.a.b.c` on `value`; nil where the interpreter must look (a value that is neither an object nor null:
    /// its error).
    private static func follow(_ path: [String], from value: JSONValue) -> JSONValue? {
        var value = value
        for name in path {
            switch value {
            case .object(let object): value = object[name] ?? .null
            case .null: value = .null
            default: return nil
            }
        }
        return value
    }

    /// After the whole array: the first runtime error, else the collected outputs through the plan's `then`,
    /// then the values after the array.
    private mutating func end(with rest: [JSONValue]) throws(QueryBodyError) {
        held.removeAll()
        if let failure { throw .query(failure) }
        if case .collect(let then) = plan.shape {
            let values = collected
            collected = []
            let each = each
            do throws(QueryError) {
                try query.run(then, on: .array(values), interpreter) { (value) throws(QueryError) in each(value) }
            } catch {
                throw .query(error)
            }
        }
        try query.runValues(rest[...], budget, each)
    }
}
