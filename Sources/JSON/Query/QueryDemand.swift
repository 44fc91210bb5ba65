/// What a filter needs of its input `.`: some of its members, or all of it.
///
/// `passes` says whether an output may be the input itself (`.`, `select(...)`): whoever uses those outputs
/// needs the input too. The analysis is conservative: anything it does not know needs the whole input.
struct QueryDemand {
    /// The members read (by `.name` on the input); nil for the whole input.
    var members: Set<String>?
    var passes: Bool

    static let nothing = QueryDemand(members: [], passes: false)
    static let whole = QueryDemand(members: nil, passes: false)
    static let passing = QueryDemand(members: [], passes: true)

    /// What it needs when its outputs are used as values (collected, compared, printed).
    var consumed: QueryDemand { passes ? .whole : self }

    func union(_ other: QueryDemand) -> QueryDemand {
        guard let members, let others = other.members else { return .whole }
        return QueryDemand(members: members.union(others), passes: passes || other.passes)
    }

    static func of(_ node: QueryNode) -> QueryDemand {
        switch node {
        case .identity:
            return .passing
        case .literal, .variable, .breakLabel:
            return .nothing
        case .index(.identity, key: .literal(.string(let name))):
            return QueryDemand(members: [name], passes: false)
        case .index(let base, let key):
            return of(base).consumed.union(of(key).consumed)
        case .pipe(let lhs, let rhs):
            let left = of(lhs)
            guard left.passes else { return left }
            let right = of(rhs)
            guard let members = left.members, let others = right.members else { return .whole }
            return QueryDemand(members: members.union(others), passes: right.passes)
        case .comma(let parts):
            return parts.reduce(.nothing) { $0.union(of($1)) }
        case .alternative(let lhs, let rhs):
            return of(lhs).union(of(rhs))
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .binary(_, let lhs, let rhs):
            return of(lhs).consumed.union(of(rhs).consumed)
        case .negate(let operand):
            return of(operand).consumed
        case .array(let inner):
            return inner.map { of($0).consumed } ?? .nothing
        case .object(let entries):
            return entries.reduce(.nothing) { $0.union(of($1.key).consumed).union(of($1.value).consumed) }
        case .conditional(let condition, let then, let otherwise):
            return of(condition).consumed.union(of(then)).union(otherwise.map(of) ?? .passing)
        case .tryCatch(let body, nil):
            return of(body)
        case .interpolation(let parts, _):
            return parts.reduce(.nothing) { demand, part in
                if case .filter(let filter) = part { return demand.union(of(filter).consumed) }
                return demand
            }
        case .call("select", let arguments) where arguments.count == 1:
            return QueryDemand.passing.union(of(arguments[0]).consumed)
        case .call("empty", let arguments) where arguments.isEmpty:
            return .nothing
        default:
            return .whole
        }
    }

    /// Calls `body` on `node` and every filter inside it.
    static func visit(_ node: QueryNode, _ body: (QueryNode) -> Void) {
        body(node)
        switch node {
        case .identity, .recurse, .literal, .variable, .breakLabel, .format:
            break
        case .index(let a, let b), .pipe(let a, let b), .alternative(let a, let b), .and(let a, let b),
            .or(let a, let b), .binary(_, let a, let b), .assign(_, let a, let b):
            visit(a, body)
            visit(b, body)
        case .slice(let base, let from, let to):
            visit(base, body)
            if let from { visit(from, body) }
            if let to { visit(to, body) }
        case .iterate(let a), .negate(let a), .label(_, let a):
            visit(a, body)
        case .tryCatch(let a, let handler):
            visit(a, body)
            if let handler { visit(handler, body) }
        case .comma(let parts):
            for part in parts { visit(part, body) }
        case .array(let inner):
            if let inner { visit(inner, body) }
        case .object(let entries):
            for entry in entries {
                visit(entry.key, body)
                visit(entry.value, body)
            }
        case .conditional(let condition, let then, let otherwise):
            visit(condition, body)
            visit(then, body)
            if let otherwise { visit(otherwise, body) }
        case .bind(let source, let patterns, let rest):
            visit(source, body)
            for pattern in patterns { visit(pattern, body) }
            visit(rest, body)
        case .reduce(let source, let pattern, let initial, let update):
            visit(source, body)
            visit(pattern, body)
            visit(initial, body)
            visit(update, body)
        case .foreach(let source, let pattern, let initial, let update, let extract):
            visit(source, body)
            visit(pattern, body)
            visit(initial, body)
            visit(update, body)
            if let extract { visit(extract, body) }
        case .define(let definition, let rest):
            visit(definition.body, body)
            visit(rest, body)
        case .call(_, let arguments):
            for argument in arguments { visit(argument, body) }
        case .interpolation(let parts, _):
            for case .filter(let filter) in parts { visit(filter, body) }
        }
    }

    private static func visit(_ pattern: QueryPattern, _ body: (QueryNode) -> Void) {
        switch pattern {
        case .variable: break
        case .array(let items): for item in items { visit(item, body) }
        case .object(let entries):
            for entry in entries {
                visit(entry.key, body)
                if let inner = entry.pattern { visit(inner, body) }
            }
        }
    }
}
