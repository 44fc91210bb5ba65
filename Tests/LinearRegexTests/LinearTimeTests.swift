import LinearRegex
import Testing

/// The engine's work is bounded by text length × program size whatever the pattern: counted in steps, not time.
struct LinearTimeTests {
    @Test(arguments: ["^(a+)+$", "(a|a)*b", "(a*)*b", "(x+x+)+y", "(a|aa)+$", "^(\\w+\\s?)*$", "(.*a){12}"])
    func stepsAreBoundedByTextTimesProgram(pattern: String) throws {
        let compiled = try Pattern(pattern)
        for length in [10, 100, 1000] {
            for text in [String(repeating: "a", count: length) + "!", String(repeating: "x", count: length)] {
                let scalars = text.unicodeScalars.count
                var searchSteps = 0
                _ = compiled.firstMatch(in: text, steps: &searchSteps)
                var testSteps = 0
                _ = compiled.isMatch(text, steps: &testSteps)
                let bound = 2 * (scalars + 1) * compiled.programSize
                #expect(searchSteps <= bound, "\(pattern) on \(scalars) scalars: \(searchSteps) > \(bound)")
                #expect(testSteps <= bound, "\(pattern) on \(scalars) scalars: \(testSteps) > \(bound)")
            }
        }
    }

    /// Ten times the text is at most about ten times the work: no hidden super-linear term.
    @Test(arguments: ["^(a+)+$", "(a|a)*b", "(a*)*b", "(x+x+)+y"])
    func stepsGrowLinearly(pattern: String) throws {
        let compiled = try Pattern(pattern, options: .caseInsensitive)
        var steps: [Int] = []
        for length in [100, 1000, 10000] {
            var count = 0
            _ = compiled.isMatch(String(repeating: "a", count: length) + "!", steps: &count)
            steps.append(count)
        }
        #expect(steps[1] <= 11 * steps[0] && steps[2] <= 11 * steps[1], "\(steps)")
    }

    /// A pattern anchored with `^` (no `m` flag) is tried at the start only: a failed match costs no more steps on a
    /// longer text.
    @Test func anchoredPatternStopsWhenItsThreadsDie() throws {
        let pattern = try Pattern("^ab+c", options: .caseInsensitive)
        var short = 0
        var long = 0
        #expect(!pattern.isMatch("abx" + String(repeating: "b", count: 10), steps: &short))
        #expect(!pattern.isMatch("abx" + String(repeating: "b", count: 10_000), steps: &long))
        #expect(long == short)
        #expect(pattern.isMatch("ABBBC!", steps: &long))
    }
}
