import JSON
import Testing

@Suite("growable bytes")
struct GrowableBytesTests {
    @Test func holdsWhatWasAppendedAcrossGrowth() {
        let buffer = GrowableBytes()
        var expected: [UInt8] = []
        for round in 0..<200 {
            let chunk = (0..<(round * 37 % 5000)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
            chunk.withUnsafeBytes { #expect(buffer.append($0)) }
            expected += chunk
        }
        #expect(buffer.count == expected.count)
        #expect(buffer.withBytes { Array($0) } == expected)
        buffer.removeAll()
        #expect(buffer.count == 0)
        #expect(buffer.withBytes { $0.count } == 0)
        #expect(buffer.append(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    /// Dropping from the front, room left before the bytes, prepending into it and swapping: the bytes are always
    /// the ones expected, whatever the memory did.
    @Test func roomAtTheFront() {
        var random = SeededRandom(seed: 3)
        let buffer = GrowableBytes()
        let other = GrowableBytes()
        var expected: [UInt8] = []
        var otherExpected: [UInt8] = []
        for _ in 0..<2000 {
            let chunk = (0..<Int.random(in: 0..<3000, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                chunk.withUnsafeBytes { #expect(buffer.append($0)) }
                expected += chunk
            case 1:
                let dropped = Int.random(in: 0...expected.count, using: &random)
                buffer.removeFirst(dropped)
                expected.removeFirst(dropped)
            case 2:
                let room = Int.random(in: 0..<5000, using: &random)
                buffer.clear(room: room)
                expected = []
                #expect(buffer.room == room)
            case 3:
                let fits = chunk.count <= buffer.room
                #expect(chunk.withUnsafeBytes { buffer.prepend($0) } == fits)
                if fits { expected = chunk + expected }
            default:
                buffer.swapContents(with: other)
                swap(&expected, &otherExpected)
            }
            #expect(buffer.count == expected.count)
            #expect(buffer.withBytes { Array($0) } == expected)
        }
        #expect(other.withBytes { Array($0) } == otherExpected)
    }
}
