import Testing

@testable import JSON

/// The parts of the block skipper, against plain byte-by-byte answers. (That the skipper refuses what is not JSON
/// is in `BlockSkipTests`: where it gives up, the careful parser answers, so only these tests see that it takes
/// what it should.)
@Suite("block masks")
struct BlockMasksTests {
    /// The escaped bits of a block of backslashes, carried across blocks, one byte at a time.
    static func escapedOneByOne(_ blocks: [UInt64]) -> [UInt64] {
        var escapedNext = false
        return blocks.map { backslashes in
            var escaped: UInt64 = 0
            for bit in 0..<64 {
                if escapedNext {
                    escaped |= 1 << UInt64(bit)
                    escapedNext = false
                } else if backslashes >> UInt64(bit) & 1 == 1 {
                    escapedNext = true
                }
            }
            return escaped
        }
    }

    @Test func escapedCharactersAreThoseAfterAnOddRunOfBackslashes() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            // Dense and sparse backslashes, runs across the block boundaries.
            let blocks = (0..<4).map { _ -> UInt64 in
                switch Int.random(in: 0..<4, using: &random) {
                case 0: return random.next() & random.next()
                case 1: return random.next() | random.next()
                case 2: return UInt64.max << UInt64(Int.random(in: 0..<64, using: &random))
                default: return random.next()
                }
            }
            var scanner = JSONEscapeScanner()
            #expect(blocks.map { scanner.escaped($0) } == Self.escapedOneByOne(blocks), "\(blocks)")
        }
    }

    @Test func prefixParityIsTheParityOfTheBitsAtAndBelow() {
        var random = SeededRandom(seed: 6)
        for _ in 0..<1000 {
            let bits = random.next() & random.next()
            var parity: UInt64 = 0
            var odd = false
            for bit in 0..<64 {
                odd = odd != (bits >> UInt64(bit) & 1 == 1)
                if odd { parity |= 1 << UInt64(bit) }
            }
            #expect(bits.prefixParity == parity)
        }
    }

    #if arch(x86_64)
        @Test func masksAreTheBytesOfEachKind() {
            var random = SeededRandom(seed: 7)
            for _ in 0..<500 {
                let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
                let masks = bytes.withUnsafeBytes { JSONBlockMasks($0.baseAddress!) }
                func mask(_ test: (UInt8) -> Bool) -> UInt64 {
                    bytes.enumerated().reduce(0) { $0 | (test($1.element) ? 1 << UInt64($1.offset) : 0) }
                }
                #expect(masks.quotes == mask { $0 == 0x22 })
                #expect(masks.backslashes == mask { $0 == 0x5C })
                #expect(masks.operators == mask { Array("{}[]:,".utf8).contains($0) })
                #expect(masks.whitespace == mask { [0x20, 0x09, 0x0A, 0x0D].contains($0) })
                #expect(masks.controls == mask { $0 < 0x20 })
                #expect(masks.nonASCII == mask { $0 >= 0x80 })
            }
        }

        /// Valid containers are taken (not handed to the careful path) unless they have a surrogate escape, which
        /// the quick path leaves to it; they end where they end, with the member `name` where parsing finds it.
        @Test func validContainersAreTaken() throws {
            var random = SeededRandom(seed: 8)
            let name = Array("name".utf8)
            var taken = 0
            var tried = 0
            for _ in 0..<3000 {
                // The keys as they are (an escaped key longer than the name is left to the careful path), the
                // values written every way.
                var object = JSONObject()
                var members: [[UInt8]] = []
                for key in ["pad", "name", "a", "name"] where random.chance(70) {
                    let value = RandomJSON.value(using: &random)
                    object[JSONKey(key)] = value
                    members.append(Array("\"\(key)\" :".utf8) + RandomJSON.text(value, using: &random))
                }
                var text = Array("{".utf8) + Array(members.joined(separator: Array(", ".utf8))) + Array("}".utf8)
                let length = text.count
                text += Array(repeating: UInt8(ascii: " "), count: Int.random(in: 0..<70, using: &random)) + [0x2C]
                // Surrogate escapes are left to the careful path.
                let leftToCarefulPath = String(decoding: text, as: UTF8.self).lowercased().contains("\\ud")
                var found: Range<Int>?
                let end = text.withUnsafeBufferPointer { p in
                    name.withUnsafeBufferPointer { name in
                        JSONParser.skipContainerByBlocks(
                            p.baseAddress!, p.count, 0, room: 64, findingMember: name, found: &found)
                    }
                }
                if !leftToCarefulPath { tried += 1 }
                guard let end else { continue }
                if !leftToCarefulPath { taken += 1 }
                #expect(end == length)
                if let value = object[JSONKey("name")] {
                    let range = try #require(found)
                    #expect(try JSON.parse(Array(text[range])) == value)
                } else {
                    #expect(found == nil)
                }
            }
            #expect(tried > 1500)
            #expect(taken == tried)
        }
    #endif
}
