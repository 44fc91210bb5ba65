import CLibCurl
import Curl

/// A pooled easy handle with what it collects for the request it runs: the response head and the whole body.
/// Reusing the handle (reset, not recreated) keeps its connection and TLS session caches warm.
final class BatchSlot {
    let transfer = Transfer()
    var handle: EasyHandle { transfer.handle }
    private(set) var job: BatchJob?
    private(set) var heads = ResponseHeadParser()
    private(set) var body: [UInt8] = []

    /// Configures the handle for `job`'s next attempt. The slot is then ready to be added to the multi handle.
    func prepare(_ job: BatchJob) throws(CurlError) {
        self.job = job
        heads = ResponseHeadParser()
        if body.capacity > 1 << 20 { body = [] } else { body.removeAll(keepingCapacity: true) }
        handle.reset()
        handle.onHeaderLine = { [unowned self] line in self.heads.consume(line: line) }
        handle.onBody = { [unowned self] chunk in
            self.body.append(contentsOf: chunk)
            return true
        }
        _ = try transfer.configure(job.request)
        // On HTTP/2 wait for a connection that can multiplex rather than opening one more.
        try handle.set(CURLOPT_PIPEWAIT, true)
    }

    /// Forgets the finished request (keeping the handle for the next one).
    func release() -> BatchJob? {
        defer { job = nil }
        return job
    }
}
