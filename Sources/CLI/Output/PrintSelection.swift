/// What to print, as `-p/--print` letters: H request headers, B request body, h response headers,
/// b response body, m metadata.
public struct PrintSelection: Sendable, Equatable {
    public var requestHeaders = false
    public var requestBody = false
    public var responseHeaders = false
    public var responseBody = false
    public var metadata = false

    public init(letters: String) throws(UsageError) {
        for letter in letters {
            switch letter {
            case "H": requestHeaders = true
            case "B": requestBody = true
            case "h": responseHeaders = true
            case "b": responseBody = true
            case "m": metadata = true
            default:
                throw UsageError("invalid --print letter '\(letter)' in '\(letters)': use H, B, h, b or m")
            }
        }
    }
}

/// How bodies are shown: formatted (indented JSON) and/or colored.
public struct PrettyMode: Sendable, Equatable {
    public var format: Bool
    public var colors: Bool
}
