/// A zero-width assertion.
enum Assertion: Equatable, Sendable {
    /// `^` without the `m` flag.
    case textStart
    /// `$` without the `m` flag.
    case textEnd
    /// `^` with the `m` flag: at the start or after a line terminator.
    case lineStart
    /// `$` with the `m` flag: at the end or before a line terminator.
    case lineEnd
    /// `\b`
    case wordBoundary
    /// `\B`
    case notWordBoundary
}

/// The parsed pattern. Flags are already applied: a case-insensitive literal is `.foldedScalar`, `.` is `.any` or
/// `.anyExceptLineTerminator`, `^` and `$` are text or line assertions.
indirect enum Node: Equatable, Sendable {
    case empty
    case scalar(UInt32)
    /// Matches any scalar whose case fold is this (already folded) value.
    case foldedScalar(UInt32)
    case set(ScalarSet, folded: Bool)
    case any
    case anyExceptLineTerminator
    case assertion(Assertion)
    /// A capture group with its index (1-based).
    case capture(Node, index: Int)
    case concatenation([Node])
    case alternation([Node])
    /// `max == nil` is unbounded.
    case repetition(Node, min: Int, max: Int?, greedy: Bool)

    /// How many instructions `Compiler` emits for this node, saturating at `limit`.
    func programSize(limit: Int) -> Int {
        func add(_ a: Int, _ b: Int) -> Int { a > limit - b ? limit : a + b }
        func multiply(_ a: Int, _ b: Int) -> Int { a == 0 || b == 0 ? 0 : (a > limit / b ? limit : a * b) }
        switch self {
        case .empty:
            return 0
        case .scalar, .foldedScalar, .set, .any, .anyExceptLineTerminator, .assertion:
            return 1
        case .capture(let node, _):
            return add(node.programSize(limit: limit), 2)
        case .concatenation(let nodes):
            return nodes.reduce(0) { add($0, $1.programSize(limit: limit)) }
        case .alternation(let nodes):
            return nodes.reduce(2 * (nodes.count - 1)) { add($0, $1.programSize(limit: limit)) }
        case .repetition(let node, let min, let max, _):
            let size = node.programSize(limit: limit)
            let required = multiply(size, min)
            guard let max else { return add(required, add(size, 2)) }
            return add(required, multiply(add(size, 1), max - min))
        }
    }
}
