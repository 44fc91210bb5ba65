/// Compiles a `Node` into a `Program` for the Pike VM: the whole match is capture group 0.
///
/// Repetitions are expanded (`x{2,4}` is `xx(?:x(?:x)?)?`), so the program size is what `Node.programSize` says
/// and was checked against the limit before anything is emitted.
struct Compiler {
    private var program = Program()

    static func compile(_ node: Node, captureCount: Int) -> Program {
        var compiler = Compiler()
        compiler.program.slotCount = 2 * (captureCount + 1)
        compiler.emit(.save(0))
        compiler.compile(node)
        compiler.emit(.save(1))
        compiler.emit(.match)
        return compiler.program
    }

    @discardableResult
    private mutating func emit(_ instruction: Instruction) -> Int {
        program.instructions.append(instruction)
        return program.instructions.count - 1
    }

    private var next: Int { program.instructions.count }

    private mutating func compile(_ node: Node) {
        switch node {
        case .empty:
            break
        case .scalar(let value):
            emit(.scalar(value))
        case .foldedScalar(let value):
            emit(.foldedScalar(value))
        case .set(let set, let folded):
            program.sets.append(set)
            emit(folded ? .foldedSet(program.sets.count - 1) : .set(program.sets.count - 1))
        case .any:
            emit(.any)
        case .anyExceptLineTerminator:
            emit(.anyExceptLineTerminator)
        case .assertion(let assertion):
            emit(.assertion(assertion))
        case .capture(let inner, let index):
            emit(.save(2 * index))
            compile(inner)
            emit(.save(2 * index + 1))
        case .concatenation(let nodes):
            for node in nodes { compile(node) }
        case .alternation(let nodes):
            compileAlternation(nodes)
        case .repetition(let inner, let min, let max, let greedy):
            compileRepetition(inner, min: min, max: max, greedy: greedy)
        }
    }

    private mutating func compileAlternation(_ nodes: [Node]) {
        var jumpsToEnd: [Int] = []
        for (index, node) in nodes.enumerated() {
            if index == nodes.count - 1 {
                compile(node)
                break
            }
            let split = emit(.split(0, 0))
            compile(node)
            jumpsToEnd.append(emit(.jump(0)))
            program.instructions[split] = .split(split + 1, next)
        }
        for jump in jumpsToEnd { program.instructions[jump] = .jump(next) }
    }

    private mutating func compileRepetition(_ inner: Node, min: Int, max: Int?, greedy: Bool) {
        for _ in 0..<min { compile(inner) }
        guard let max else {
            // L: split(body, end); body; jump L; end:
            let loop = emit(.split(0, 0))
            compile(inner)
            emit(.jump(loop))
            program.instructions[loop] = branch(to: loop + 1, skipTo: next, greedy: greedy)
            return
        }
        // (?:x(?:x(?:x)?)?)?: every optional copy can skip to the same end.
        var splits: [Int] = []
        for _ in min..<max {
            splits.append(emit(.split(0, 0)))
            compile(inner)
        }
        for split in splits { program.instructions[split] = branch(to: split + 1, skipTo: next, greedy: greedy) }
    }

    private func branch(to body: Int, skipTo end: Int, greedy: Bool) -> Instruction {
        greedy ? .split(body, end) : .split(end, body)
    }
}
