import Client

/// A mistake on the command line: exit status 2, one line naming the bad argument, then the usage line.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Extra lines shown under the message (e.g. the item with a caret under the bad column).
    public let detail: String?

    public init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    public var description: String { message }

    static func unknownOption(_ option: String) -> UsageError {
        let name = option.hasPrefix("--") ? String(option.dropFirst(2).prefix { $0 != "=" }) : ""
        let known = OptionTable.options.map(\.long)
        if let guess = closest(to: name, in: known) {
            return UsageError("unknown option '\(option)'; did you mean '--\(guess)'?")
        }
        return UsageError("unknown option '\(option)'")
    }
}

/// The candidate within edit distance 2 of `word`, if any (for "did you mean" hints).
func closest(to word: String, in candidates: [String]) -> String? {
    guard !word.isEmpty else { return nil }
    let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = Swift.min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
