/// The content type of an uploaded file, guessed from its extension like Python's `mimetypes` (which HTTPie uses).
public enum ContentTypeGuess {
    /// The type for a file name, `application/octet-stream` when the extension is unknown or missing.
    public static func forFileName(_ fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return fallback }
        let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
        return byExtension[fileExtension] ?? fallback
    }

    public static let fallback = "application/octet-stream"

    static let byExtension: [String: String] = [
        "json": "application/json",
        "txt": "text/plain",
        "text": "text/plain",
        "log": "text/plain",
        "md": "text/markdown",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "html": "text/html",
        "htm": "text/html",
        "css": "text/css",
        "js": "text/javascript",
        "mjs": "text/javascript",
        "xml": "application/xml",
        "yaml": "application/yaml",
        "yml": "application/yaml",
        "pdf": "application/pdf",
        "zip": "application/zip",
        "gz": "application/gzip",
        "tgz": "application/gzip",
        "tar": "application/x-tar",
        "wasm": "application/wasm",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "svg": "image/svg+xml",
        "ico": "image/vnd.microsoft.icon",
        "bmp": "image/bmp",
        "tif": "image/tiff",
        "tiff": "image/tiff",
        "avif": "image/avif",
        "mp3": "audio/mpeg",
        "wav": "audio/x-wav",
        "ogg": "audio/ogg",
        "mp4": "video/mp4",
        "webm": "video/webm",
        "mov": "video/quicktime",
    ]
}
