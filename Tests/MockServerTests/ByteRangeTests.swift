import Testing

@testable import MockServer

/// `Range: bytes=…` against a 1000-byte file (and an empty one).
struct ByteRangeTests {
    static let cases: [(header: String?, size: Int, expected: ByteRange)] = [
        (nil, 1000, .whole),
        ("bytes=0-99", 1000, .partial(0...99)),
        ("bytes=0-0", 1000, .partial(0...0)),
        ("bytes=500-", 1000, .partial(500...999)),
        ("bytes=-100", 1000, .partial(900...999)),
        ("bytes=-5000", 1000, .partial(0...999)),
        ("bytes=990-5000", 1000, .partial(990...999)),
        ("bytes=990-99999999999999999999999", 1000, .partial(990...999)),
        ("bytes=-99999999999999999999999", 1000, .partial(0...999)),
        ("BYTES = 1 - 2", 1000, .partial(1...2)),
        ("bytes=999-999", 1000, .partial(999...999)),
        ("bytes=1000-", 1000, .unsatisfiable),
        ("bytes=1000-2000", 1000, .unsatisfiable),
        ("bytes=99999999999999999999999-", 1000, .unsatisfiable),
        ("bytes=-0", 1000, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
        ("bytes=-1", 0, .unsatisfiable),
        ("bytes=5-1", 1000, .whole),
        ("bytes=0-1,5-6", 1000, .whole),
        ("items=0-1", 1000, .whole),
        ("bytes=", 1000, .whole),
        ("bytes=-", 1000, .whole),
        ("bytes=a-b", 1000, .whole),
        ("bytes=1", 1000, .whole),
        ("bytes=+1-2", 1000, .whole),
    ]

    @Test(arguments: cases)
    func parse(header: String?, size: Int, expected: ByteRange) {
        #expect(ByteRange(header: header, size: size) == expected)
    }
}
