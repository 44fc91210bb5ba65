/// A query the engine cannot answer: answered 400 with `{"error": message}`.
public struct CollectionQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
