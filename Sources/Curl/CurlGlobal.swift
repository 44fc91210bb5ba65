import CCurl
import CLibCurl

/// `curl_global_init` runs exactly once, before the first handle is made (Swift globals are lazy and thread-safe).
private let globalInit: CURLcode = ccurl_global_init()

/// Makes sure libcurl is initialized; called by every handle's initializer.
@inline(__always)
func ensureCurlInitialized() { _ = globalInit }

/// libcurl's version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 nghttp2/1.52.0".
public var curlVersion: String {
    ensureCurlInitialized()
    return String(cString: curl_version())
}
