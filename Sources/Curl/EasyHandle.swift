import CCurl
import CLibCurl

/// One libcurl easy handle. Not thread-safe: use a handle from one thread at a time.
///
/// The handle's callbacks recover this object through `Unmanaged` userdata, so the object must outlive any transfer
/// on the handle (it does: the handle is freed in `deinit`).
public final class EasyHandle {
    public let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var retained: [AnyObject] = []

    /// Called with each raw response header line (including the status line and the blank line ending a block).
    public var onHeaderLine: ((UnsafeRawBufferPointer) -> Void)?
    /// Called with each chunk of the response body; return false to abort the transfer.
    public var onBody: ((UnsafeRawBufferPointer) -> Bool)?
    /// Fills the buffer with request body bytes; returns the count, 0 at the end, or nil to abort.
    public var onRead: ((UnsafeMutableRawBufferPointer) -> Int?)?
    /// Progress: (download total, downloaded, upload total, uploaded); return false to abort.
    public var onProgress: ((Int, Int, Int, Int) -> Bool)?

    public init() {
        ensureCurlInitialized()
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        raw = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(to: 0)
        installCallbacks()
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Clears every option (`curl_easy_reset`) but keeps the connection cache and this object's callbacks.
    public func reset() {
        curl_easy_reset(raw)
        retained.removeAll()
        installCallbacks()
    }

    private func installCallbacks() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_easy_setopt_long(raw, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_WRITEDATA, me)
        _ = ccurl_easy_setopt_data_callback(raw, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            guard let onBody = handle.onBody else { return length }
            return onBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_HEADERDATA, me)
        _ = ccurl_easy_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            handle.onHeaderLine?(UnsafeRawBufferPointer(start: data, count: length))
            return length
        }
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_READDATA, me)
        _ = ccurl_easy_setopt_data_callback(raw, CURLOPT_READFUNCTION) { data, size, count, userdata in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            guard let onRead = handle.onRead else { return 0 }
            let buffer = UnsafeMutableRawBufferPointer(start: data, count: size * count)
            return onRead(buffer).map { $0 } ?? Int(CURL_READFUNC_ABORT)
        }
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_XFERINFODATA, me)
        _ = ccurl_easy_setopt_progress_callback(raw) { userdata, dltotal, dlnow, ultotal, ulnow in
            let handle = Unmanaged<EasyHandle>.fromOpaque(userdata!).takeUnretainedValue()
            guard let onProgress = handle.onProgress else { return 0 }
            return onProgress(dltotal, dlnow, ultotal, ulnow) ? 0 : 1
        }
    }

    // MARK: options

    public func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_long(raw, option, value))
    }

    public func set(_ option: CURLoption, _ value: Bool) throws(CurlError) {
        try check(ccurl_easy_setopt_long(raw, option, value ? 1 : 0))
    }

    public func set(_ option: CURLoption, offset value: Int) throws(CurlError) {
        try check(ccurl_easy_setopt_off(raw, option, value))
    }

    /// String options are copied by libcurl.
    public func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_easy_setopt_string(raw, option, value))
    }

    /// Sets a header-list option; the list is kept alive as long as the handle.
    public func set(_ option: CURLoption, _ list: HeaderList) throws(CurlError) {
        retained.append(list)
        try check(ccurl_easy_setopt_slist(raw, option, list.raw))
    }

    /// Sends `bytes` as the request body (copied by libcurl, so the array need not outlive the call).
    public func setBody(_ bytes: [UInt8]) throws(CurlError) {
        try check(ccurl_easy_setopt_off(raw, CURLOPT_POSTFIELDSIZE_LARGE, bytes.count))
        // An empty array may have no storage; libcurl still needs a valid pointer, so send one zero byte's address.
        let storage = bytes.isEmpty ? [0] : bytes
        let code = storage.withUnsafeBytes { buffer in
            ccurl_easy_setopt_pointer(
                raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress!))
        }
        try check(code)
    }

    /// Attaches a multipart body; the form is kept alive as long as the handle.
    public func setMultipart(_ form: MultipartForm) throws(CurlError) {
        retained.append(form)
        try check(ccurl_easy_setopt_pointer(raw, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(form.raw)))
    }

    // MARK: transfer

    /// Runs the transfer to the end. Throws the libcurl error (with libcurl's detailed message when it has one).
    public func perform() throws(CurlError) {
        errorBuffer[0] = 0
        let code = curl_easy_perform(raw)
        if code != CURLE_OK {
            throw CurlError(code: code, detail: String(cString: errorBuffer))
        }
    }

    /// The detailed message libcurl left for the last failure, if any.
    public var lastErrorDetail: String { String(cString: errorBuffer) }

    // MARK: info

    public func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_easy_getinfo_long(raw, info, &value)
        return value
    }

    public func info(offset info: CURLINFO) -> Int {
        var value = 0
        _ = ccurl_easy_getinfo_off(raw, info, &value)
        return value
    }

    public func info(string info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        _ = ccurl_easy_getinfo_string(raw, info, &value)
        return value.map { String(cString: $0) }
    }

    public var responseCode: Int { info(CURLINFO_RESPONSE_CODE) }
    public var redirectCount: Int { info(CURLINFO_REDIRECT_COUNT) }
    public var connectsMade: Int { info(CURLINFO_NUM_CONNECTS) }
    /// Whole-transfer time in seconds.
    public var totalTime: Double { Double(info(offset: CURLINFO_TOTAL_TIME_T)) / 1_000_000 }
    public var bytesDownloaded: Int { info(offset: CURLINFO_SIZE_DOWNLOAD_T) }
    public var effectiveURL: String? { info(string: CURLINFO_EFFECTIVE_URL) }
    /// Where a redirect not followed by libcurl points, resolved to an absolute URL.
    public var redirectURL: String? { info(string: CURLINFO_REDIRECT_URL) }
}
