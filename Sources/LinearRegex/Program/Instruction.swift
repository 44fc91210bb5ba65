/// One instruction of a compiled pattern, run by `PikeVM`.
enum Instruction: Equatable, Sendable {
    /// Consume this scalar.
    case scalar(UInt32)
    /// Consume a scalar whose case fold is this value.
    case foldedScalar(UInt32)
    /// Consume a scalar in `Program.sets[index]`.
    case set(Int)
    /// Consume a scalar that is, or whose case fold is, in `Program.sets[index]` (closed under folding).
    case foldedSet(Int)
    /// Consume any scalar.
    case any
    /// Consume any scalar but `\n`, `\r`, U+2028 and U+2029.
    case anyExceptLineTerminator
    /// Continue at both targets, the first with priority.
    case split(Int, Int)
    case jump(Int)
    /// Record the current offset in capture slot `n` (group `n / 2`, start if even, end if odd).
    case save(Int)
    case assertion(Assertion)
    case match
}

/// A compiled pattern: instructions, the sets they refer to, and how many capture slots a thread carries.
struct Program: Sendable {
    var instructions: [Instruction] = []
    var sets: [ScalarSet] = []
    /// Two per group, including group 0 (the whole match).
    var slotCount = 2
}
