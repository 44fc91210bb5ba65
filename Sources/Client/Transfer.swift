import CLibCurl
import Curl

/// Sends requests over one reusable easy handle (so consecutive requests reuse the connection).
public final class Transfer {
    public let handle: EasyHandle
    /// Called with one line (no `api:` prefix) when credentials are held back from a redirect's origin.
    public var onNotice: ((String) -> Void)?
    /// Where a streamed body starts in each seekable descriptor, and the pipes already sent (see `StreamUpload`).
    private var streamStarts: [Int32: Int] = [:]
    private var streamsUsed: Set<Int32> = []

    public init(handle: EasyHandle = EasyHandle()) {
        self.handle = handle
    }

    /// Sends the request and streams the response into `sink`. Never throws: failures are in the result.
    /// `progress`, when given, is called now and then with (bytes expected or 0 when unknown, bytes received).
    public func perform(_ request: Request, into sink: any ResponseSink, progress: ((Int, Int) -> Void)? = nil)
        -> TransferResult
    {
        if request.followsRedirectsByHand {
            return performFollowingRedirects(request, into: sink, progress: progress)
        }
        return performOnce(request, into: sink, progress: progress)
    }

    /// One transfer (libcurl follows redirects itself when asked).
    func performOnce(_ request: Request, into sink: any ResponseSink, progress: ((Int, Int) -> Void)?)
        -> TransferResult
    {
        handle.reset()
        if let progress {
            handle.onProgress = { total, now, _, _ in
                progress(total, now)
                return true
            }
            _ = try? handle.set(CURLOPT_NOPROGRESS, false)
        }
        var heads = ResponseHeadParser()
        var delivered = false
        handle.onHeaderLine = { heads.consume(line: $0) }
        handle.onBody = { chunk in
            if !delivered, let head = heads.last {
                delivered = true
                sink.receive(head: head)
            }
            return sink.receive(body: chunk)
        }
        defer {
            handle.onHeaderLine = nil
            handle.onBody = nil
            handle.onRead = nil
            handle.onProgress = nil
        }

        var failure: TransferFailure?
        do {
            let upload = try configure(request)
            defer { upload?.close() }
            try handle.perform()
        } catch {
            failure = TransferFailure(error, maxRedirects: request.options.maxRedirects)
        }
        if failure == nil, heads.last == nil {
            failure = .transport("no response received")
        }
        if !delivered, failure == nil, let head = heads.last { sink.receive(head: head) }
        return TransferResult(
            head: heads.last, failure: failure, totalTime: handle.totalTime, bytesDownloaded: handle.bytesDownloaded,
            redirectCount: handle.redirectCount, effectiveURL: handle.effectiveURL)
    }

    /// Applies the request to the handle (after `handle.reset()`). Returns the open upload file, if the body streams
    /// from one. Internal so that batch runs can configure pooled handles without performing them.
    func configure(_ request: Request) throws(CurlError) -> UploadFile? {
        let h = handle
        try h.set(CURLOPT_URL, request.url.string())
        try h.set(CURLOPT_NOSIGNAL, true)
        // HTTP only, redirects included: libcurl would otherwise follow a `Location: ftp://…` (or file://, with
        // a build that allows it).
        try h.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try h.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        let options = request.options
        if options.compressed { try h.set(CURLOPT_ACCEPT_ENCODING, "") }
        if options.followRedirects {
            try h.set(CURLOPT_FOLLOWLOCATION, true)
            try h.set(CURLOPT_MAXREDIRS, options.maxRedirects)
            // libcurl keeps -a and custom Authorization / Cookie headers to the first origin unless told otherwise.
            if options.credentialsToAnyOrigin { try h.set(CURLOPT_UNRESTRICTED_AUTH, true) }
        }
        if let timeout = options.timeout { try h.set(CURLOPT_TIMEOUT_MS, Int(timeout * 1000)) }
        if let timeout = options.connectTimeout { try h.set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeout * 1000)) }
        if options.insecure {
            try h.set(CURLOPT_SSL_VERIFYPEER, false)
            try h.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let path = options.caCertificate { try h.set(CURLOPT_CAINFO, path) }
        if let path = options.clientCertificate { try h.set(CURLOPT_SSLCERT, path) }
        if let path = options.clientKey { try h.set(CURLOPT_SSLKEY, path) }
        switch options.httpVersion {
        case .automatic: break
        case .http1_1: try h.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        case .http2: try h.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2_0))
        }
        if let proxy = options.proxy { try h.set(CURLOPT_PROXY, proxy) }
        if let auth = options.basicAuth {
            try h.set(CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC (a macro Swift cannot import)
            try h.set(CURLOPT_USERNAME, auth.user)
            try h.set(CURLOPT_PASSWORD, auth.password)
        }

        var lines = request.headers.map { field in
            guard let value = field.value else { return "\(field.name):" }
            return value.isEmpty ? "\(field.name);" : "\(field.name): \(value)"
        }
        var upload: UploadFile?
        switch request.body {
        case .stream(let prefix, let descriptor):
            let stream = try StreamUpload(
                prefix: prefix, descriptor: descriptor, starts: &streamStarts, used: &streamsUsed)
            try h.set(CURLOPT_POST, true)
            if let size = stream.size { try h.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: size) }
            h.onRead = { stream.read(into: $0) }
        case .none:
            break
        case .bytes(let bytes):
            try h.setBody(bytes)
        case .file(let path):
            let file = try UploadFile(path: path)
            upload = file
            try h.set(CURLOPT_POST, true)
            try h.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: file.size)
            h.onRead = { file.read(into: $0) }
        case .multipart(let parts):
            let form = MultipartForm(for: h)
            for part in parts {
                switch part.content {
                case .field(let value): form.addField(name: part.name, value: value)
                case .file(let path, let fileName, let type):
                    try form.addFile(name: part.name, path: path, fileName: fileName, contentType: type)
                }
            }
            try h.setMultipart(form)
        }
        if !request.body.isEmpty, request.header("expect") == nil {
            lines.append("Expect:")  // no 100-continue round trip
        }

        switch request.method {
        case "GET" where request.body.isEmpty: try h.set(CURLOPT_HTTPGET, true)
        case "HEAD": try h.set(CURLOPT_NOBODY, true)
        case "POST" where !request.body.isEmpty: break
        default: try h.set(CURLOPT_CUSTOMREQUEST, request.method)
        }
        try h.set(CURLOPT_HTTPHEADER, HeaderList(lines))
        return upload
    }
}
