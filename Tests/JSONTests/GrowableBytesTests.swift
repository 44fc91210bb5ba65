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
}
