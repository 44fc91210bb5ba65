/// A Pike VM (Thompson's construction run breadth-first, with captures): every thread advances one scalar at a time
/// and a program counter is visited at most once per text position, so a search costs
/// O(text length × program size) whatever the pattern. Threads are kept in priority order, which gives the same
/// leftmost-first match and captures as a backtracking engine.
struct PikeVM {
    private let program: Program
    /// 0 when only "is there a match" is asked: no captures are copied, and the first thread to match ends the search.
    private let slotCount: Int
    private var current: ThreadList
    private var next: ThreadList
    private var stack: [Frame] = []
    private var scratch: [Int]
    /// Instructions visited and threads stepped: at most 2 × (scalars + 1) × program size per search.
    private(set) var steps = 0

    private enum Frame {
        case explore(Int)
        case restore(slot: Int, value: Int)
    }

    init(program: Program, captures: Bool) {
        self.program = program
        slotCount = captures ? program.slotCount : 0
        current = ThreadList(size: program.instructions.count, slotCount: slotCount)
        next = ThreadList(size: program.instructions.count, slotCount: slotCount)
        scratch = Array(repeating: -1, count: slotCount)
    }

    /// The leftmost-first match starting at or after `start`, as capture slots (all -1 when `captures` is false),
    /// or nil.
    mutating func search(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> [Int]? {
        let end = bytes.count
        var matched: [Int]?
        var position = start
        var previous = decodeScalar(bytes, before: start)
        var (scalar, length) = position < end ? decodeScalar(bytes, at: position) : (noScalar, 0)
        current.removeAll()
        // `^...` without the `m` flag: a thread started anywhere but at the start of the text dies at once.
        let anchored = program.instructions.count > 1 && program.instructions[1] == .assertion(.textStart)
        while true {
            if matched == nil && (!anchored || previous == noScalar) {
                for slot in 0..<slotCount { scratch[slot] = -1 }
                addThread(to: current, pc: 0, at: position, previous: previous, following: scalar)
            }
            if current.count == 0 && (matched != nil || position >= end || anchored) { break }
            let nextPosition = position + length
            let (nextScalar, nextLength) = nextPosition < end ? decodeScalar(bytes, at: nextPosition) : (noScalar, 0)
            next.removeAll()
            threads: for index in 0..<current.count {
                steps += 1
                let pc = Int(current.pcs[index])
                let consumed: Bool
                switch program.instructions[pc] {
                case .match:
                    if slotCount == 0 { return scratch }
                    let base = index * slotCount
                    matched = Array(current.captures[base..<(base + slotCount)])
                    break threads
                case .scalar(let value): consumed = scalar == value
                case .foldedScalar(let value): consumed = scalar != noScalar && CaseFolding.fold(scalar) == value
                case .set(let set): consumed = scalar != noScalar && program.sets[set].contains(scalar)
                case .foldedSet(let set): consumed = scalar != noScalar && program.sets[set].containsFolded(scalar)
                case .any: consumed = scalar != noScalar
                case .anyExceptLineTerminator:
                    consumed = scalar != noScalar && !ScalarClasses.isLineTerminator(scalar)
                default: consumed = false
                }
                guard consumed else { continue }
                if slotCount > 0 {
                    let base = index * slotCount
                    for slot in 0..<slotCount { scratch[slot] = current.captures[base + slot] }
                }
                addThread(to: next, pc: pc + 1, at: nextPosition, previous: scalar, following: nextScalar)
            }
            if position >= end { break }
            swap(&current, &next)
            previous = scalar
            (scalar, length) = (nextScalar, nextLength)
            position = nextPosition
        }
        return matched
    }

    /// Follows `pc` through jumps, splits, saves and assertions at `position` and adds every thread that reaches a
    /// consuming instruction or the match, in priority order, with the captures in `scratch` (restored afterwards).
    private mutating func addThread(
        to list: ThreadList, pc start: Int, at position: Int, previous: UInt32, following: UInt32
    ) {
        stack.append(.explore(start))
        while let frame = stack.popLast() {
            var pc: Int
            switch frame {
            case .restore(let slot, let value):
                scratch[slot] = value
                continue
            case .explore(let target):
                pc = target
            }
            explore: while !list.contains(pc) {
                let index = list.insert(pc)
                steps += 1
                switch program.instructions[pc] {
                case .jump(let target):
                    pc = target
                case .split(let first, let second):
                    stack.append(.explore(second))
                    pc = first
                case .save(let slot):
                    if slot < slotCount {
                        stack.append(.restore(slot: slot, value: scratch[slot]))
                        scratch[slot] = position
                    }
                    pc += 1
                case .assertion(let assertion):
                    guard holds(assertion, previous: previous, following: following) else { break explore }
                    pc += 1
                default:
                    if slotCount > 0 {
                        let base = index * slotCount
                        for slot in 0..<slotCount { list.captures[base + slot] = scratch[slot] }
                    }
                    break explore
                }
            }
        }
    }

    @inline(__always)
    private func holds(_ assertion: Assertion, previous: UInt32, following: UInt32) -> Bool {
        switch assertion {
        case .textStart: previous == noScalar
        case .textEnd: following == noScalar
        case .lineStart: previous == noScalar || ScalarClasses.isLineTerminator(previous)
        case .lineEnd: following == noScalar || ScalarClasses.isLineTerminator(following)
        case .wordBoundary: ScalarClasses.isWord(previous) != ScalarClasses.isWord(following)
        case .notWordBoundary: ScalarClasses.isWord(previous) == ScalarClasses.isWord(following)
        }
    }
}
