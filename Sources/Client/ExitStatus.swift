/// The process exit statuses `api` documents (`api --help`, the man page).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case transportFailure = 1
    case usage = 2
    case redirection = 3
    case clientError = 4
    case serverError = 5
    case tooManyRedirects = 6
    case timeout = 7
    case interrupted = 130

    public var meaning: String {
        switch self {
        case .success: "2xx, 1xx, or 3xx that was followed to a 2xx"
        case .transportFailure: "transport failure: DNS, connection refused, TLS, broken response"
        case .usage: "usage error: unknown option, bad item, bad URL, unreadable file, invalid JSON in :="
        case .redirection: "final status was 3xx (not followed)"
        case .clientError: "final status was 4xx"
        case .serverError: "final status was 5xx"
        case .tooManyRedirects: "more redirects than --max-redirects"
        case .timeout: "timeout"
        case .interrupted: "interrupted"
        }
    }

    /// The status for an HTTP response status code. `okStatuses` count as success (`--ok 404,409`).
    public static func forHTTPStatus(_ status: Int, okStatuses: Set<Int> = [], ignoreStatus: Bool = false) -> ExitStatus
    {
        if ignoreStatus || okStatuses.contains(status) { return .success }
        switch status {
        case 300..<400: return .redirection
        case 400..<500: return .clientError
        case 500..<600: return .serverError
        default: return .success
        }
    }

    public static func forFailure(_ failure: TransferFailure) -> ExitStatus {
        switch failure {
        case .timeout: .timeout
        case .tooManyRedirects: .tooManyRedirects
        case .badURL: .usage
        case .transport, .aborted: .transportFailure
        }
    }

    /// Orders failures for a batch: the worst one decides the exit status.
    public var severity: Int {
        switch self {
        case .success: 0
        case .redirection: 1
        case .clientError: 2
        case .serverError: 3
        case .tooManyRedirects: 4
        case .timeout: 5
        case .transportFailure: 6
        case .usage: 7
        case .interrupted: 8
        }
    }
}
