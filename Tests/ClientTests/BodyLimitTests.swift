import Testing

@testable import Client

@Suite struct BodyLimitTests {
    static let texts: [(Int, String)] = [
        (256 << 20, "256MB"), (1 << 30, "1GB"), (3 << 30, "3GB"), (64 << 10, "64KB"), (1000, "1000B"), (1, "1B"),
        ((1 << 20) + 1, "1048577B"),
    ]

    @Test(arguments: texts)
    func text(_ bytes: Int, _ text: String) {
        #expect(BodyLimit(bytes: bytes).text == text)
    }

    @Test func admitsWithoutOverflow() {
        let limit = BodyLimit(bytes: 10)
        #expect(limit.admits(4, adding: 6))
        #expect(!limit.admits(4, adding: 7))
        #expect(!limit.admits(11, adding: 0))
        #expect(!BodyLimit(bytes: Int.max).admits(Int.max - 1, adding: Int.max))
    }

    @Test func collectingSinkStopsAtTheLimit() {
        let sink = CollectingSink(limit: BodyLimit(bytes: 5))
        let accepted = [UInt8]("abc".utf8).withUnsafeBytes { sink.receive(body: $0) }
        let refused = [UInt8]("def".utf8).withUnsafeBytes { sink.receive(body: $0) }
        #expect(accepted && !refused && sink.overLimit)
        #expect(sink.body == Array("abc".utf8))
    }
}
