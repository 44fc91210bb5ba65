/// How a query can run on a top-level array one element at a time, and which members of each element it reads.
///
/// `.[] | F`, `.[]`, `.[].a.b`, `.[]? | F` run F on each element; `[.[] | F] | G` and `map(F) | G` collect F's
/// outputs and run G on the array. F must not read `input`/`inputs` (the values after the array) nor define
/// functions. When F only reads members of an object element (`.name`, `{name, city: .address.city}`,
/// `select(.age > 50) | .name`), the element is parsed with just those members; everything else is checked and
/// skipped. The outputs are the same as running the query on the whole parsed body.
struct QueryElementPlan {
    enum Shape {
        /// Each output of `filter` on each element is an output of the query.
        case each
        /// The outputs of `filter` on all elements form an array, and `then` runs on it.
        case collect(then: QueryNode)
    }

    let filter: QueryNode
    let shape: Shape
    /// The members of an object element that `filter` reads; nil when it needs the whole element.
    let members: Set<String>?
    /// The same names as UTF-8 bytes (keys are compared by their bytes).
    let memberBytes: [[UInt8]]?

    init?(_ root: QueryNode) {
        let filter: QueryNode
        let shape: Shape
        if let each = Self.elementwise(root) {
            filter = each
            shape = .each
        } else if let (inner, then) = Self.collecting(root), let each = Self.elementwise(inner) {
            filter = each
            shape = .collect(then: then)
        } else {
            return nil
        }
        guard !Self.readsInputs(filter) else { return nil }
        self.filter = filter
        self.shape = shape
        members = QueryDemand.of(filter).consumed.members
        memberBytes = members.map { $0.sorted().map { Array($0.utf8) } }
    }

    /// `[E] | G`, `[E]`, `map(F) | G`, `map(F)` as (E, G) with E of the form `.[] | F`.
    private static func collecting(_ node: QueryNode) -> (QueryNode, QueryNode)? {
        switch node {
        case .array(let inner?): return (inner, .identity)
        case .call("map", let arguments) where arguments.count == 1:
            return (.pipe(.iterate(.identity), arguments[0]), .identity)
        case .pipe(let lhs, let rhs):
            guard let (inner, then) = collecting(lhs) else { return nil }
            if case .identity = then { return (inner, rhs) }
            return (inner, .pipe(then, rhs))
        default: return nil
        }
    }

    /// The filter that runs on each element, when `node` is `.[]` followed by something that only sees the element.
    static func elementwise(_ node: QueryNode) -> QueryNode? {
        switch node {
        case .iterate(.identity), .tryCatch(.iterate(.identity), catch: nil):
            return .identity
        case .pipe(let lhs, let rhs):
            guard let left = elementwise(lhs) else { return nil }
            if case .identity = left { return rhs }
            return .pipe(left, rhs)
        case .index(let base, key: .literal(let key)):
            guard let inner = elementwise(base) else { return nil }
            return .index(inner, key: .literal(key))
        default:
            return nil
        }
    }

    /// Whether `node` reads past its input (`input`, `inputs`, `input_line_number`) or defines functions (which
    /// could rename a builtin that the member analysis trusts).
    static func readsInputs(_ node: QueryNode) -> Bool {
        var found = false
        QueryDemand.visit(node) { child in
            switch child {
            case .call("input", _), .call("inputs", _), .call("input_line_number", _), .define: found = true
            default: break
            }
        }
        return found
    }
}
