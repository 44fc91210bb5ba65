/// Why a query could not be parsed or failed while running.
///
/// `column` is a 0-based offset in Unicode scalars into `expression`; runtime errors have no position of their own
/// and carry column 0 (the start of the expression). Messages are lower-case and, for runtime errors, worded like jq's.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The expression is not valid jq (unbalanced brackets, a bad escape, ...).
        case syntax
        /// The expression is valid jq but uses something outside the built-in subset.
        case unsupported
        /// The expression parsed, but evaluating it on an input failed (jq would fail too).
        case runtime
    }

    public let expression: String
    public let column: Int
    public let message: String
    public let kind: Kind
    /// For a runtime error: the value jq's `catch` receives (`error({a: 1})` carries an object).
    public let value: JSONValue?
    /// `halt` and `halt_error`: the exit status jq would end with (the message is what jq prints, if any).
    public let haltStatus: Int?
    /// Internal: a `break $label` unwinding to its label.
    let breakLabel: Int?
    /// The query went over its `QueryBudget` (steps, collected values or call depth): nothing catches this.
    public let isLimit: Bool

    public init(expression: String, column: Int, message: String, kind: Kind) {
        self.init(expression: expression, column: column, message: message, kind: kind, value: nil)
    }

    init(
        expression: String, column: Int, message: String, kind: Kind, value: JSONValue?, haltStatus: Int? = nil,
        breakLabel: Int? = nil, isLimit: Bool = false
    ) {
        self.expression = expression
        self.column = column
        self.message = message
        self.kind = kind
        self.value = value
        self.haltStatus = haltStatus
        self.breakLabel = breakLabel
        self.isLimit = isLimit
    }

    /// One line: where and what.
    public var description: String {
        switch kind {
        case .runtime:
            return "--query: \(message)"
        case .syntax, .unsupported:
            let (line, columnInLine, lineCount) = position
            let place = lineCount > 1 ? "line \(line + 1), column \(columnInLine + 1)" : "column \(column + 1)"
            return "invalid query at \(place): \(message)"
        }
    }

    /// The line of the expression holding the error, then a caret under the column.
    public var caretLines: String {
        let lines = expression.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let (line, columnInLine, _) = position
        let text = String(String.UnicodeScalarView(lines[line]))
        let prefix = String(String.UnicodeScalarView(lines[line].prefix(columnInLine)))
        let indent = String(prefix.map { $0 == "\t" ? "\t" : " " })
        return text + "\n" + indent + "^"
    }

    /// 0-based line, 0-based column within that line, and the number of lines.
    private var position: (line: Int, column: Int, lineCount: Int) {
        var line = 0
        var lineStart = 0
        var lineCount = 1
        for (offset, scalar) in expression.unicodeScalars.enumerated() where scalar == "\n" {
            lineCount += 1
            if offset < column {
                line += 1
                lineStart = offset + 1
            }
        }
        return (line, column - lineStart, lineCount)
    }
}

extension QueryError {
    static let unsupportedSuffix =
        "is not supported by api's built-in query (a subset of jq); pipe to jq for the full language"

    /// A runtime failure; `Query.evaluate` fills in the expression.
    static func runtime(_ message: String) -> QueryError {
        QueryError(expression: "", column: 0, message: message, kind: .runtime, value: .string(message))
    }

    /// `error(value)`: the message is jq's, for a value that is not a string too.
    static func thrown(_ value: JSONValue) -> QueryError {
        let message: String
        switch value {
        case .string(let text): message = text
        case .object(let object) where object.isEmpty: message = "{} (not a string)"
        default: message = "\(QueryValueText.truncated(value)) (not a string)"
        }
        return QueryError(expression: "", column: 0, message: message, kind: .runtime, value: value)
    }

    static func breaking(_ label: Int) -> QueryError {
        QueryError(expression: "", column: 0, message: "break", kind: .runtime, value: nil, breakLabel: label)
    }

    func attaching(expression: String) -> QueryError {
        QueryError(
            expression: expression, column: column, message: message, kind: kind, value: value,
            haltStatus: haltStatus, breakLabel: breakLabel, isLimit: isLimit)
    }

    /// A limit of the `QueryBudget` was reached.
    static func limit(_ message: String) -> QueryError {
        QueryError(expression: "", column: 0, message: message, kind: .runtime, value: nil, isLimit: true)
    }

    /// What `try`, `?`, `//`, destructuring alternatives and `isvalid` must let through: `break`, `halt` and a
    /// spent budget.
    var passesThroughCatch: Bool { breakLabel != nil || haltStatus != nil || isLimit }
}
