import Client

/// Tests only: a URL written as a literal, parsed and normalised as the command line's are. A literal that does not
/// parse stops the test run at once (it is a mistake in the test, not a case under test).
extension RequestURL: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            fatalError("test URL literal '\(text)' does not parse: \(error)")
        }
    }
}
