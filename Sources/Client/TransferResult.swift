import Curl

/// What happened to one request: the final response head (when one arrived) or the transport failure, and metrics.
public struct TransferResult: Sendable {
    public var head: ResponseHead?
    public var failure: TransferFailure?
    /// Whole request time in seconds.
    public var totalTime: Double
    public var bytesDownloaded: Int
    public var redirectCount: Int
    public var effectiveURL: String?
}

/// A request that did not get a complete response.
public enum TransferFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout(String)
    case tooManyRedirects(Int)
    case transport(String)
    case aborted(String)
    case badURL(String)

    init(_ error: CurlError, maxRedirects: Int) {
        switch error.kind {
        case .timeout: self = .timeout(error.message)
        case .tooManyRedirects: self = .tooManyRedirects(maxRedirects)
        case .aborted: self = .aborted(error.message)
        case .badURL: self = .badURL(error.message)
        default: self = .transport(error.message)
        }
    }

    public var description: String {
        switch self {
        case .timeout(let message): message
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .transport(let message), .aborted(let message), .badURL(let message): message
        }
    }
}

extension TransferFailure {
    /// One lower-case line for stderr and batch results, e.g. "timed out: operation timed out after 1000 ms".
    public var summary: String {
        switch self {
        case .timeout(let detail): "timed out: \(lowerFirst(detail))"
        case .tooManyRedirects(let limit): "more than \(limit) redirects (raise --max-redirects)"
        case .transport(let detail): lowerFirst(detail)
        case .aborted(let detail): "transfer aborted: \(lowerFirst(detail))"
        case .badURL(let detail): "bad URL: \(lowerFirst(detail))"
        }
    }
}

/// libcurl's messages start with a capital letter; ours are lower-case.
func lowerFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
}
