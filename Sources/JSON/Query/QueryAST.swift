/// A parsed query: a tree of jq filters. Every filter maps one input to zero or more outputs.
indirect enum QueryNode: Sendable {
    /// `.`
    case identity
    /// `1`, `"a"`, `true`, `null`
    case literal(JSONValue)
    /// `.a`, `."a"`, `.[F]`, `T.a`, `T[F]`; `optional` for a trailing `?` (only the indexing step's errors are dropped).
    case index(QueryNode, key: QueryNode, optional: Bool)
    /// `T[F:G]`, `T[F:]`, `T[:G]`
    case slice(QueryNode, from: QueryNode?, to: QueryNode?, optional: Bool)
    /// `T[]`, `T[]?`
    case iterate(QueryNode, optional: Bool)
    /// `F | G`
    case pipe(QueryNode, QueryNode)
    /// `F, G, H` (flat, so long lists do not nest)
    case comma([QueryNode])
    /// `F // G`
    case alternative(QueryNode, QueryNode)
    /// `F and G`
    case and(QueryNode, QueryNode)
    /// `F or G`
    case or(QueryNode, QueryNode)
    /// `F == G`, `F + G`, ...
    case binary(QueryOperator, QueryNode, QueryNode)
    /// `-F`
    case negate(QueryNode)
    /// `T?` on a term that is not an indexing step: errors inside `T` end its outputs silently.
    case suppressErrors(QueryNode)
    /// `[F]`, `[]`
    case array(QueryNode?)
    /// `{a, "b": F, (G): H}`
    case object([QueryObjectEntry])
    /// `if C then A elif C2 then B else D end`
    case conditional([QueryBranch], otherwise: QueryNode?)
    /// A built-in function.
    case call(QueryFunction)
}

struct QueryObjectEntry: Sendable {
    let key: QueryNode
    let value: QueryNode
}

struct QueryBranch: Sendable {
    let condition: QueryNode
    let then: QueryNode
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

/// The built-in functions of the subset.
indirect enum QueryFunction: Sendable {
    case length
    case keys
    case keysUnsorted
    case first
    case last
    case not
    case empty
    case type
    case add
    case map(QueryNode)
    case select(QueryNode)
    case has(QueryNode)
}
