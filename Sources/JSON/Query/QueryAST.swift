/// A parsed query: a tree of jq filters. Every filter maps one input to zero or more outputs.
indirect enum QueryNode: Sendable {
    /// `.`
    case identity
    /// `..`
    case recurse
    /// `1`, `"a"`, `true`, `null`
    case literal(JSONValue)
    /// `.a`, `."a"`, `.[F]`, `T.a`, `T[F]`
    case index(QueryNode, key: QueryNode)
    /// `T[F:G]`, `T[F:]`, `T[:G]`
    case slice(QueryNode, from: QueryNode?, to: QueryNode?)
    /// `T[]`
    case iterate(QueryNode)
    /// `T?`, `try F`, `try F catch G`
    case tryCatch(QueryNode, catch: QueryNode?)
    /// `F | G`
    case pipe(QueryNode, QueryNode)
    /// `F, G, H` (flat, so a long list does not nest)
    case comma([QueryNode])
    /// `F // G`
    case alternative(QueryNode, QueryNode)
    case and(QueryNode, QueryNode)
    case or(QueryNode, QueryNode)
    /// `F == G`, `F + G`, ...
    case binary(QueryOperator, QueryNode, QueryNode)
    /// `-F`
    case negate(QueryNode)
    /// `[F]`, `[]`
    case array(QueryNode?)
    /// `{a, "b": F, (G): H}`
    case object([QueryObjectEntry])
    /// `if C then A elif C2 then B else D end`
    case conditional(QueryNode, then: QueryNode, otherwise: QueryNode?)
    /// `T as $x | F`, `T as [$a, $b] ?// {$a} | F`
    case bind(QueryNode, patterns: [QueryPattern], body: QueryNode)
    /// `reduce T as P (INIT; UPDATE)`
    case reduce(QueryNode, pattern: QueryPattern, initial: QueryNode, update: QueryNode)
    /// `foreach T as P (INIT; UPDATE; EXTRACT)`
    case foreach(QueryNode, pattern: QueryPattern, initial: QueryNode, update: QueryNode, extract: QueryNode?)
    /// `def f(a; $b): BODY; REST`
    case define(QueryFunctionDefinition, rest: QueryNode)
    /// `f`, `f(a; b)`: a user function, a parameter or a builtin, looked up by name and arity.
    case call(String, [QueryNode])
    /// `$name`
    case variable(String)
    /// `label $name | F`
    case label(String, QueryNode)
    /// `break $name`
    case breakLabel(String)
    /// `"a \(F) b"`, `@base64 "a \(F)"`: literal parts and filters whose outputs are formatted.
    case interpolation([QueryStringPart], format: String)
    /// `@base64` on its own: formats `.`.
    case format(String)
    /// `P = V`, `P |= F`, `P += V`, ...
    case assign(QueryAssignment, QueryNode, QueryNode)
}

enum QueryStringPart: Sendable {
    case text(String)
    case filter(QueryNode)
}

enum QueryAssignment: String, Sendable {
    case set = "="
    case update = "|="
    case add = "+="
    case subtract = "-="
    case multiply = "*="
    case divide = "/="
    case modulo = "%="
    case alternative = "//="

    var arithmetic: QueryOperator? {
        switch self {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .modulo: .modulo
        case .set, .update, .alternative: nil
        }
    }
}

struct QueryObjectEntry: Sendable {
    let key: QueryNode
    /// nil for `{a}`, `{$x}`, `{"a"}`: the value is `.a` (or `$x`).
    let value: QueryNode
}

/// A destructuring pattern: `$x`, `[P, P]`, `{a: P, $b, "c": P, (F): P}`.
indirect enum QueryPattern: Sendable {
    case variable(String)
    case array([QueryPattern])
    case object([(key: QueryNode, variable: String?, pattern: QueryPattern?)])

    /// Every variable the pattern binds, in order of appearance.
    var variables: [String] {
        switch self {
        case .variable(let name): return [name]
        case .array(let items): return items.flatMap(\.variables)
        case .object(let entries):
            return entries.flatMap { entry in (entry.variable.map { [$0] } ?? []) + (entry.pattern?.variables ?? []) }
        }
    }
}

struct QueryFunctionDefinition: Sendable {
    let name: String
    /// Parameter names; a `$name` parameter is stored with its `$`.
    let parameters: [String]
    let body: QueryNode
}

enum QueryOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
}
