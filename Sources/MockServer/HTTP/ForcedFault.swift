import HTTPTypes
import Support

extension HTTPField.Name {
    static let apiMock = HTTPField.Name("X-Api-Mock")!
}

/// The `X-Api-Mock` request header: one exact fault for one request, so a test can trigger it.
///
/// Directives separated by commas or semicolons: `status=500` answers that status (200 to 599) without touching the
/// data, `delay=200` waits that many milliseconds first, `drop` closes the connection without answering.
struct ForcedFault: Equatable {
    var status: Int?
    var delayMilliseconds = 0
    var drop = false

    static let statuses = 200...599
}

extension ForcedFault {
    /// The directives of `header`; an error naming the bad directive.
    init(header: String) throws(ForcedFaultError) {
        for piece in header.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let directive = piece.trimmingBlanks()
            if directive.isEmpty { continue }
            let parts = directive.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingBlanks().lowercased()
            let value = parts.count > 1 ? parts[1].trimmingBlanks() : nil
            switch (name, value) {
            case ("drop", nil):
                drop = true
            case ("status", let text?):
                guard let number = Self.number(text), Self.statuses.contains(number) else {
                    throw ForcedFaultError("status must be an HTTP status from 200 to 599, got '\(text)'")
                }
                status = number
            case ("delay", let text?):
                let maximum = MockServerOptions.maximumDelayMilliseconds
                guard let number = Self.number(text), (0...maximum).contains(number) else {
                    throw ForcedFaultError("delay must be milliseconds from 0 to \(maximum), got '\(text)'")
                }
                delayMilliseconds = number
            default:
                throw ForcedFaultError("unknown directive '\(directive)' (known: status=CODE, delay=MS, drop)")
            }
        }
    }

    /// Plain digits only, at most 9 of them (no sign, no overflow).
    private static func number(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}

struct ForcedFaultError: Error {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    var message: String { "bad X-Api-Mock header: \(reason)" }
}
