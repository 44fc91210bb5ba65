/// An array kept in fixed-size chunks, so that changing one element of a copy-on-write copy copies one chunk
/// (4,096 elements), not the whole array: the store's items are shared with snapshots (queries, file rewrites)
/// while writes go on.
struct ChunkedArray<Element> {
    static var chunkSize: Int { 4096 }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    subscript(position: Int) -> Element {
        get { chunks[position / Self.chunkSize][position % Self.chunkSize] }
        set { chunks[position / Self.chunkSize][position % Self.chunkSize] = newValue }
    }

    mutating func append(_ element: Element) {
        if count % Self.chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Calls `body` with each chunk's first position and its elements, in order; stops when it returns false.
    func forEachChunk(_ body: (Int, UnsafeBufferPointer<Element>) throws -> Bool) rethrows {
        for (index, chunk) in chunks.enumerated() {
            guard try chunk.withUnsafeBufferPointer({ try body(index * Self.chunkSize, $0) }) else { return }
        }
    }

    /// Calls `body` on every element in order; stops when it returns false.
    func forEach(_ body: (Int, Element) throws -> Bool) rethrows {
        var position = 0
        for chunk in chunks {
            for element in chunk {
                guard try body(position, element) else { return }
                position += 1
            }
        }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
