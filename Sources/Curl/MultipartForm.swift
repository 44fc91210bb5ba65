import CCurl
import CLibCurl

/// A `curl_mime` multipart form bound to a handle; parts are fields (name + value) or files read at send time.
public final class MultipartForm {
    let raw: OpaquePointer

    public init(for handle: EasyHandle) {
        raw = curl_mime_init(handle.raw)
    }

    deinit { curl_mime_free(raw) }

    public func addField(name: String, value: String) {
        let part = curl_mime_addpart(raw)
        curl_mime_name(part, name)
        // libcurl copies the data: hand it the string's own bytes rather than another copy of a big field.
        var value = value
        value.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = curl_mime_data(part, chars.baseAddress, chars.count)
            }
        }
    }

    /// Adds a file part; libcurl reads the file when the request is sent. Throws when the file is unreadable.
    public func addFile(name: String, path: String, fileName: String, contentType: String?) throws(CurlError) {
        let part = curl_mime_addpart(raw)
        curl_mime_name(part, name)
        try check(curl_mime_filedata(part, path))
        curl_mime_filename(part, fileName)
        if let contentType { curl_mime_type(part, contentType) }
    }
}
