/// A regular expression compiled once and matched in time linear in the text: O(text length × program size), by a
/// Pike VM, never by backtracking.
///
/// The syntax is JavaScript's RegExp (without the `u` flag): literals and escapes, `.`, classes, `\d \w \s \D \W \S
/// \b \B`, `^ $`, groups `(...)`, `(?:...)`, `(?<name>...)`, `|`, and the quantifiers `* + ? {n} {n,} {n,m}` with
/// their lazy forms. Matching is on Unicode scalars; match and capture ranges are UTF-8 byte offsets. Back-references
/// and look-around are refused (`PatternError.Kind.unsupported`), and so is a pattern whose program would be larger
/// than `maximumProgramSize` instructions.
public struct Pattern: Sendable {
    /// The most instructions a pattern may compile to; `a{1000}{1000}` would be a million.
    public static let maximumProgramSize = 20_000
    /// The most capture slots times instructions a pattern may need: the memory of a search with captures.
    public static let maximumCaptureMemory = 2_000_000

    public let source: String
    public let options: PatternOptions
    /// The name of each group, `captureNames[0]` (the whole match) and unnamed groups nil.
    public let captureNames: [String?]
    let program: Program

    public init(_ source: String, options: PatternOptions = []) throws(PatternError) {
        var parser = Parser(source, options: options)
        let node = try parser.parse()
        let size = node.programSize(limit: Pattern.maximumProgramSize) + 3
        guard size <= Pattern.maximumProgramSize else {
            throw PatternError(
                .tooLarge, "pattern compiles to more than \(Pattern.maximumProgramSize) instructions", at: 0)
        }
        guard size * 2 * (parser.captureCount + 1) <= Pattern.maximumCaptureMemory else {
            throw PatternError(.tooLarge, "pattern has too many capture groups for its size", at: 0)
        }
        self.source = source
        self.options = options
        self.captureNames = parser.captureNames
        self.program = Compiler.compile(node, captureCount: parser.captureCount)
    }

    /// Capture groups, not counting the whole match.
    public var captureCount: Int { captureNames.count - 1 }

    /// Instructions in the compiled program (the `m` of O(n × m)).
    public var programSize: Int { program.instructions.count }

    /// The index of the group named `name`.
    public func captureIndex(named name: String) -> Int? {
        captureNames.firstIndex(of: name)
    }

    /// Whether the pattern matches anywhere in `text`.
    public func isMatch(_ text: String) -> Bool {
        var steps = 0
        return isMatch(text, steps: &steps)
    }

    /// `isMatch`, adding the work done to `steps` (at most 2 × (scalars + 1) × `programSize`).
    public func isMatch(_ text: String, steps: inout Int) -> Bool {
        withUTF8(text) { isMatch(utf8: $0, steps: &steps) }
    }

    /// Whether the pattern matches anywhere in UTF-8 `bytes` (an invalid sequence reads as U+FFFD).
    public func isMatch(utf8 bytes: UnsafeBufferPointer<UInt8>, steps: inout Int) -> Bool {
        var machine = PikeVM(program: program, captures: false)
        defer { steps += machine.steps }
        return machine.search(bytes, from: 0) != nil
    }

    /// A matcher that keeps its machine between `isMatch` calls, for testing one pattern against many texts (a
    /// filter over every item of a collection) without allocating the thread lists for each one.
    public func matcher() -> PatternMatcher { PatternMatcher(program: program) }

    /// The leftmost match that starts at or after UTF-8 offset `start` (`^`, `$` and `\b` still see the text
    /// before it).
    public func firstMatch(in text: String, from start: Int = 0) -> PatternMatch? {
        var steps = 0
        return firstMatch(in: text, from: start, steps: &steps)
    }

    /// `firstMatch`, adding the work done to `steps`.
    public func firstMatch(in text: String, from start: Int = 0, steps: inout Int) -> PatternMatch? {
        withUTF8(text) { firstMatch(utf8: $0, from: start, steps: &steps) }
    }

    /// The leftmost match in UTF-8 `bytes` at or after offset `start`.
    public func firstMatch(utf8 bytes: UnsafeBufferPointer<UInt8>, from start: Int, steps: inout Int) -> PatternMatch? {
        guard start >= 0, start <= bytes.count else { return nil }
        var machine = PikeVM(program: program, captures: true)
        defer { steps += machine.steps }
        guard let slots = machine.search(bytes, from: start) else { return nil }
        return PatternMatch(
            groups: (0...captureCount).map { group in
                let (low, high) = (slots[2 * group], slots[2 * group + 1])
                return low >= 0 && high >= low ? low..<high : nil
            })
    }

    /// Every non-overlapping match, left to right; after an empty match the search resumes one scalar further.
    public func matches(in text: String) -> [PatternMatch] {
        withUTF8(text) { bytes in
            var found: [PatternMatch] = []
            var start = 0
            var steps = 0
            while start <= bytes.count, let match = firstMatch(utf8: bytes, from: start, steps: &steps) {
                found.append(match)
                if match.range.isEmpty {
                    guard match.range.upperBound < bytes.count else { break }
                    start = match.range.upperBound + decodeScalar(bytes, at: match.range.upperBound).length
                } else {
                    start = match.range.upperBound
                }
            }
            return found
        }
    }

    private func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}

/// `Pattern.isMatch` with the machine's buffers reused from one call to the next. Not for use from two threads at
/// once: make one per task.
public final class PatternMatcher {
    private var machine: PikeVM

    init(program: Program) {
        machine = PikeVM(program: program, captures: false)
    }

    /// Whether the pattern matches anywhere in `text`.
    public func isMatch(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ machine.search($0, from: 0) != nil }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { machine.search($0, from: 0) != nil }
    }
}
