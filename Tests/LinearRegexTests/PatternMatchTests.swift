import LinearRegex
import Testing

struct PatternMatchTests {
    /// pattern, flags, text, the text of each group of the first match (nil: no match).
    @Test(
        arguments: [
            // literals, escapes, dot
            ("abc", "", "xxabcxx", ["abc"]),
            ("abc", "", "ab", nil),
            ("", "", "abc", [""]),
            ("a.c", "", "abc", ["abc"]),
            ("a.c", "", "a\nc", nil),
            ("a.c", "s", "a\nc", ["a\nc"]),
            ("a.c", "", "a\u{2028}c", nil),
            ("a\\.c", "", "abc a.c", ["a.c"]),
            ("\\t\\n\\x41\\u0042\\u{43}\\cJ", "", "\t\nABC\n", ["\t\nABC\n"]),
            ("\\uD83D\\uDE00", "", "x😀", ["😀"]),
            ("\\/\\*\\+", "", "/*+", ["/*+"]),
            ("\\0", "", "a\u{0}", ["\u{0}"]),
            ("é.", "", "café!", ["é!"]),
            ("..", "", "😀é", ["😀é"]),
            // classes
            ("[a-c]+", "", "xxbcay", ["bca"]),
            ("[^a-c]+", "", "abxyc", ["xy"]),
            ("[]", "", "a", nil),
            ("[^]", "", "\n", ["\n"]),
            ("[\\d.]+", "", "v1.25x", ["1.25"]),
            ("[\\b]", "", "a\u{8}", ["\u{8}"]),
            ("[a-]", "", "-", ["-"]),
            ("[\\]\\\\]+", "", "x]\\", ["]\\"]),
            ("[^\\s]+", "", "  ab c", ["ab"]),
            ("\\d+\\D\\w+\\W\\s\\S", "", "12-ab_!\tz", ["12-ab_!\tz"]),
            ("\\w", "", "é", nil),
            ("\\s", "", "\u{a0}", ["\u{a0}"]),
            // anchors and boundaries
            ("^a", "", "ba", nil),
            ("a$", "", "ab\na", ["a"]),
            ("^b", "", "a\nb", nil),
            ("^b", "m", "a\nb", ["b"]),
            ("a$", "m", "a\nb", ["a"]),
            ("a$", "", "a\n", nil),
            ("\\bcat\\b", "", "concat cat", ["cat"]),
            ("\\Bcat", "", "cat concat", ["cat"]),
            ("^$", "", "", [""]),
            ("^", "", "abc", [""]),
            // groups and alternation
            ("(a)(b)?", "", "ac", ["a", "a", nil]),
            ("(?:ab)+", "", "ababa", ["abab"]),
            ("(?<year>\\d{4})-(?<month>\\d\\d)", "", "on 2024-05-01", ["2024-05", "2024", "05"]),
            ("a|ab", "", "ab", ["a"]),
            ("ab|a", "", "ab", ["ab"]),
            ("(a|ab)(c|bcd)", "", "abcd", ["abcd", "a", "bcd"]),
            ("x(?:a|b|)y", "", "xy", ["xy"]),
            ("(?:(a)|b)+", "", "ab", ["ab", "a"]),
            // as in JavaScript, an iteration past the minimum that matches empty ends the loop (ICU's differ)
            ("(a*)+", "", "b", ["", ""]),
            ("(a*)+", "", "a", ["a", "a"]),
            ("(a*)*b", "", "b", ["b", nil]),
            ("(a*)*b", "", "aab", ["aab", "aa"]),
            ("(?:\\w??){2,}", "", "c", ["c"]),
            ("(a+)+$", "", "aaaa", ["aaaa", "aaaa"]),
            // quantifiers, greedy and lazy
            ("a*", "", "aaa", ["aaa"]),
            ("a*?", "", "aaa", [""]),
            ("a+?", "", "aaa", ["a"]),
            ("a??b", "", "ab", ["ab"]),
            ("<.*>", "", "<a><b>", ["<a><b>"]),
            ("<.*?>", "", "<a><b>", ["<a>"]),
            ("a{3}", "", "aaaa", ["aaa"]),
            ("a{2,}", "", "aaaa", ["aaaa"]),
            ("a{1,3}", "", "aaaa", ["aaa"]),
            ("a{1,3}?", "", "aaaa", ["a"]),
            ("a{0}b", "", "ab", ["b"]),
            ("(ab){2}", "", "ababab", ["abab", "ab"]),
            ("a{,3}", "", "a{,3}", ["a{,3}"]),
            ("a{x}", "", "a{x}", ["a{x}"]),
            ("{", "", "{", ["{"]),
            ("a}", "", "a}", ["a}"]),
            ("]", "", "]", ["]"]),
            // case-insensitive
            ("ada", "i", "ADA", ["ADA"]),
            ("[a-c]+", "i", "xBaC", ["BaC"]),
            ("[^a]", "i", "A", nil),
            ("é", "i", "CAFÉ", ["É"]),
            ("σ", "i", "ΣΑΣ", ["Σ"]),
            ("ς", "i", "σ", ["σ"]),
            ("[ς]", "i", "Σ", ["Σ"]),
            ("привет", "i", "ПРИВЕТ", ["ПРИВЕТ"]),
            ("k", "i", "\u{212A}", ["\u{212A}"]),
            ("[α-ω]+", "i", "ΑΒΓ", ["ΑΒΓ"]),
            ("\\u0041", "i", "a", ["a"]),
            // extended
            ("a b # comment\n c", "x", "abc", ["abc"]),
            ("a\\ b", "x", "a b", ["a b"]),
            ("[ ]", "x", " ", [" "]),
            ("a +", "x", "aaa", ["aaa"]),
        ] as [(String, String, String, [String?]?)])
    func firstMatch(pattern: String, flags: String, text: String, expected: [String?]?) throws {
        let compiled = try Pattern(pattern, options: options(flags))
        let match = compiled.firstMatch(in: text)
        #expect(match.map { groupTexts($0, in: text) } == expected)
        #expect(compiled.isMatch(text) == (expected != nil))
    }

    @Test func rangesAreUTF8Offsets() throws {
        let match = try #require(try Pattern("(é)(x)?").firstMatch(in: "aé"))
        #expect(match.groups == [1..<3, 1..<3, nil])
        #expect(match.range == 1..<3)
        #expect(match[group: 2] == nil)
        #expect(match[group: 9] == nil)
    }

    @Test func searchFromAnOffsetSeesTheTextBefore() throws {
        let pattern = try Pattern("\\bb|^c")
        #expect(pattern.firstMatch(in: "ab b", from: 1)?.range == 3..<4)
        #expect(pattern.firstMatch(in: "cc", from: 1) == nil)
        #expect(pattern.firstMatch(in: "cc", from: 3) == nil)
    }

    @Test func captureNames() throws {
        let pattern = try Pattern("(?<a>x)(y)(?<$b2>z)")
        #expect(pattern.captureNames == [nil, "a", nil, "$b2"])
        #expect(pattern.captureCount == 3)
        #expect(pattern.captureIndex(named: "$b2") == 3)
        #expect(pattern.captureIndex(named: "c") == nil)
    }

    @Test(arguments: [
        ("a", "banana", ["a", "a", "a"]),
        ("an", "banana", ["an", "an"]),
        ("a*", "baa", ["", "aa", ""]),
        ("", "ab", ["", "", ""]),
        ("x*", "é", ["", ""]),
        ("\\d+", "a1b22c333", ["1", "22", "333"]),
    ])
    func allMatches(pattern: String, text: String, expected: [String]) throws {
        let found = try Pattern(pattern).matches(in: text)
        #expect(found.map { groupTexts($0, in: text)[0]! } == expected)
    }

    @Test func invalidUTF8ReadsAsReplacementCharacter() throws {
        let pattern = try Pattern("a.b")
        var steps = 0
        let bytes: [UInt8] = [0x61, 0xFF, 0x62]
        let match = bytes.withUnsafeBufferPointer { pattern.firstMatch(utf8: $0, from: 0, steps: &steps) }
        #expect(match?.range == 0..<3)
    }
}

/// A `PatternMatcher` reuses its machine between calls: each answer must be the one a fresh search gives, whatever
/// the texts before it (longer, shorter, matching or not).
struct PatternMatcherTests {
    @Test(arguments: ["^(a+)+$", "b$", "(x|y)*z", "é.", "\\bword\\b", "^$"])
    func reusedMatcherAgreesWithFreshSearches(source: String) throws {
        let pattern = try Pattern(source, options: .caseInsensitive)
        let matcher = pattern.matcher()
        let texts = [
            "aaaa", "aaab", "", "ab", "xyxyz", String(repeating: "a", count: 300) + "!", "A", "café!", "a word here",
            "words", "b", "zz", "xyz", "aaaa",
        ]
        for text in texts {
            #expect(matcher.isMatch(text) == pattern.isMatch(text), "\(source) on \(text)")
        }
    }
}
