/// The threads of the Pike VM at one text position, in priority order: a sparse set of program counters (each at
/// most once, so a position costs at most one visit per instruction) with the capture slots of each thread.
final class ThreadList {
    private var sparse: [Int32]
    private(set) var pcs: [Int32]
    private(set) var count = 0
    /// `slotCount` values per thread, at `index * slotCount`.
    var captures: [Int]
    let slotCount: Int

    init(size: Int, slotCount: Int) {
        sparse = Array(repeating: 0, count: size)
        pcs = Array(repeating: 0, count: size)
        captures = Array(repeating: -1, count: slotCount == 0 ? 0 : size * slotCount)
        self.slotCount = slotCount
    }

    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let index = Int(sparse[pc])
        return index < count && Int(pcs[index]) == pc
    }

    /// Adds `pc` (not already present) and returns its index.
    @inline(__always)
    func insert(_ pc: Int) -> Int {
        sparse[pc] = Int32(count)
        pcs[count] = Int32(pc)
        count += 1
        return count - 1
    }

    func removeAll() { count = 0 }
}
