import CCurl
import CLibCurl

/// A libcurl failure: the `CURLcode` and libcurl's own message (from the error buffer when it has one).
public struct CurlError: Error, Sendable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: CURLcode, detail: String? = nil) {
        self.code = Int(code.rawValue)
        let generic = String(cString: curl_easy_strerror(code)).lowercased()
        if let detail, !detail.isEmpty {
            self.message = detail
        } else {
            self.message = generic
        }
    }

    public var description: String { message }

    /// What kind of failure this is, for exit statuses and retries.
    public var kind: Kind {
        switch UInt32(code) {
        case CURLE_OPERATION_TIMEDOUT.rawValue: .timeout
        case CURLE_TOO_MANY_REDIRECTS.rawValue: .tooManyRedirects
        case CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue: .resolve
        case CURLE_COULDNT_CONNECT.rawValue: .connect
        case CURLE_ABORTED_BY_CALLBACK.rawValue, CURLE_WRITE_ERROR.rawValue: .aborted
        case CURLE_URL_MALFORMAT.rawValue, CURLE_UNSUPPORTED_PROTOCOL.rawValue: .badURL
        case CURLE_READ_ERROR.rawValue: .read
        default: .other
        }
    }

    public enum Kind: Sendable {
        case timeout, tooManyRedirects, resolve, connect, aborted, badURL, read, other
    }
}

/// Throws a `CurlError` for a failed option setting (these only fail on a libcurl without the feature).
@inline(__always)
func check(_ code: CURLcode) throws(CurlError) {
    if code != CURLE_OK { throw CurlError(code: code) }
}
