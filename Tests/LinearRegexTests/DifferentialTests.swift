import Foundation
import LinearRegex
import Testing

/// The engine against a backtracking one, ICU's (NSRegularExpression), on patterns without back-references: the same
/// match or no match, and the same range for every capture group. Texts are ASCII without line terminators, where
/// JavaScript's and ICU's `\w`, `\b`, `.` and `$` agree. No quantifier applies to a group that can match empty: there
/// ICU's rules differ from JavaScript's, which this engine follows (`PatternMatchTests.emptyIterations`).
struct DifferentialTests {
    @Test(arguments: [
        "a", "a|b", "(a|ab)(c|bcd)(d*)", "(a|b)*?b", "(?:a|(b))+", "((a)|b)+", "(a+|b+)*c",
        "a{2,3}?a", "x(a|)y", "\\bab", "a\\B", "^a|b$", "(?:(a)|(b)|c)*", "(a(b)?)+", "[^ab]+",
        "(?<n>a+)(b)?", "(a*?)(a*)", ".*?(b)", "(a|b)*(a)", "(ab|a)(bc|c)?",
    ])
    func fixedTable(pattern: String) throws {
        let texts = ["", "a", "ab", "abc", "aab", "ba", "abcd", "aaab", "xay", "xy", "ab ba c", "bbb", "cab"]
        try compare(pattern, texts, flags: "")
        try compare(pattern, texts.map { $0.uppercased() }, flags: "i")
    }

    @Test func seededRandomPatterns() throws {
        var random = SplitMix64(seed: 20_261_201)
        var compared = 0
        for _ in 0..<1500 {
            let pattern = randomPattern(&random, depth: 3).text
            let flags = random.next() % 4 == 0 ? "i" : ""
            let texts = (0..<4).map { _ in
                String((0..<Int(random.next() % 9)).map { _ in Array("abab c")[Int(random.next() % 6)] })
            }
            try compare(pattern, texts, flags: flags)
            compared += texts.count
        }
        #expect(compared == 6000)
    }

    private func compare(_ pattern: String, _ texts: [String], flags: String) throws {
        let ours = try Pattern(pattern, options: options(flags))
        let icu = try NSRegularExpression(pattern: pattern, options: flags == "i" ? [.caseInsensitive] : [])
        for text in texts { compare(ours, icu, text, flags: flags) }
    }

    private func compare(_ ours: Pattern, _ icu: NSRegularExpression, _ text: String, flags: String) {
        let pattern = ours.source
        let expected = icu.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { match in
            (0..<match.numberOfRanges).map { group -> Range<Int>? in
                let range = match.range(at: group)
                return range.location == NSNotFound ? nil : range.location..<(range.location + range.length)
            }
        }
        let actual = ours.firstMatch(in: text)?.groups
        #expect(actual == expected, "/\(pattern)/\(flags) on '\(text)'")
        #expect(ours.isMatch(text) == (expected != nil), "/\(pattern)/\(flags) on '\(text)'")
    }

    /// A random pattern and whether it can match the empty string.
    private func randomPattern(_ random: inout SplitMix64, depth: Int) -> (text: String, nullable: Bool) {
        let alternatives = depth > 0 && random.next() % 4 == 0 ? 2 : 1
        let branches = (0..<alternatives).map { _ in
            let pieces = (0..<(1 + Int(random.next() % 3))).map { _ in randomPiece(&random, depth: depth) }
            return (pieces.map(\.text).joined(), pieces.allSatisfy(\.nullable))
        }
        return (branches.map(\.0).joined(separator: "|"), branches.contains { $0.1 })
    }

    private func randomPiece(_ random: inout SplitMix64, depth: Int) -> (text: String, nullable: Bool) {
        let assertions = ["^", "$", "\\b", "\\B"]
        let atoms = ["a", "b", "c", ".", "[ab]", "[^a]", "\\w", "\\s", "A"]
        switch random.next() % 10 {
        case 0: return (assertions[Int(random.next() % 4)], true)
        case 1 where depth > 0, 2 where depth > 0:
            let group = ["(", "(?:", "(?<g\(depth)x\(random.next() % 1000)>"][Int(random.next() % 3)]
            let inner = randomPattern(&random, depth: depth - 1)
            if inner.nullable { return (group + inner.text + ")", true) }
            let quantifier = randomQuantifier(&random)
            return (group + inner.text + ")" + quantifier.text, quantifier.optional)
        default:
            let quantifier = randomQuantifier(&random)
            return (atoms[Int(random.next() % UInt64(atoms.count))] + quantifier.text, quantifier.optional)
        }
    }

    /// A quantifier (often none) and whether it allows zero repetitions.
    private func randomQuantifier(_ random: inout SplitMix64) -> (text: String, optional: Bool) {
        let quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,2}", "{0,2}", "{2,}"]
        let quantifier = quantifiers[Int(random.next() % UInt64(quantifiers.count))]
        let optional = ["*", "?", "{0,2}"].contains(quantifier)
        return (quantifier.isEmpty || random.next() % 3 != 0 ? quantifier : quantifier + "?", optional)
    }
}

/// A small seeded generator, so that a failure can be replayed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE5_E4B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
