import CCurl
import CLibCurl

/// A libcurl multi handle: runs many easy handles at once over shared, reused connections.
/// Not thread-safe: drive it from one thread.
public final class MultiHandle {
    public let raw: UnsafeMutableRawPointer
    private var running: [UnsafeMutableRawPointer: EasyHandle] = [:]

    public init(maxHostConnections: Int? = nil, maxTotalConnections: Int? = nil, multiplex: Bool = true) {
        ensureCurlInitialized()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        raw = multi
        if let maxHostConnections {
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, maxHostConnections)
        }
        if let maxTotalConnections {
            _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxTotalConnections)
        }
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_PIPELINING, multiplex ? 2 : 0)  // CURLPIPE_MULTIPLEX
    }

    deinit {
        for handle in running.keys { curl_multi_remove_handle(raw, handle) }
        curl_multi_cleanup(raw)
    }

    public var activeCount: Int { running.count }

    /// Starts a transfer on a configured easy handle.
    public func add(_ handle: EasyHandle) {
        running[handle.raw] = handle
        curl_multi_add_handle(raw, handle.raw)
    }

    /// Runs transfers until at least one finishes (or `timeoutMilliseconds` passes); returns the finished handles
    /// with their result (nil for success). Finished handles are removed from the multi handle.
    public func step(timeoutMilliseconds: Int32 = 1000) -> [(EasyHandle, CurlError?)] {
        var stillRunning: Int32 = 0
        curl_multi_perform(raw, &stillRunning)
        var finished = collectFinished()
        if finished.isEmpty, stillRunning > 0 {
            curl_multi_poll(raw, nil, 0, timeoutMilliseconds, nil)
            curl_multi_perform(raw, &stillRunning)
            finished = collectFinished()
        }
        return finished
    }

    private func collectFinished() -> [(EasyHandle, CurlError?)] {
        var finished: [(EasyHandle, CurlError?)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            guard ccurl_msg_kind(message) == CURLMSG_DONE, let easy = ccurl_msg_handle(message) else { continue }
            let code = ccurl_msg_result(message)
            curl_multi_remove_handle(raw, easy)
            if let handle = running.removeValue(forKey: easy) {
                let error = code == CURLE_OK ? nil : CurlError(code: code, detail: handle.lastErrorDetail)
                finished.append((handle, error))
            }
        }
        return finished
    }
}
