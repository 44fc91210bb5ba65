import HTTPTypes
import Hummingbird
import NIOFileSystem
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files served from `--static DIR` (and `./public` when it exists).
///
/// A request can only reach files inside a root: segments `.` and `..` (also percent-encoded), an encoded
/// `/` or a NUL byte are refused, and the resolved real path (symlinks followed) must still be inside the
/// root's real path. Everything refused is a 404, like a missing file.
struct StaticFiles: Sendable {
    /// Real paths of the roots, in order of preference.
    let roots: [String]

    init(directories: [String]) {
        roots = directories.compactMap { directory in
            guard let real = realPath(directory), isDirectory(real) else { return nil }
            return real
        }
    }

    var isEmpty: Bool { roots.isEmpty }

    /// The real path of the file for these (decoded) path segments, if one may be served.
    func file(for segments: [String]) -> String? {
        for segment in segments {
            if segment == "." || segment == ".." || segment.contains("/") || segment.utf8.contains(0) { return nil }
        }
        for root in roots {
            let joined = ([root] + segments.filter { !$0.isEmpty }).joined(separator: "/")
            guard var real = realPath(joined), real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else {
                continue
            }
            if isDirectory(real) {
                guard let index = realPath(real + "/index.html"), index.hasPrefix(root + "/") else { continue }
                real = index
            }
            if isRegularFile(real) { return real }
        }
        return nil
    }

    /// The response for the file at `path` (as found by `file(for:)`), its bytes streamed from disk in chunks as
    /// the client takes them (memory stays flat in the file's size): 200 with the whole file, 206 with the bytes
    /// of a single `Range` (`ByteRange`), 416 when the range is outside the file; `Accept-Ranges: bytes` on each.
    /// A HEAD gets the same head and never opens the file. Nil when the file cannot be read.
    ///
    /// The file is opened without following a symlink, and its device and inode must be those checked here:
    /// a file swapped after the check ends the response instead of sending something else.
    func response(for path: String, request: Request) async -> Response? {
        let filePath = FilePath(path)
        guard let info = try? await FileSystem.shared.info(forFileAt: filePath, infoAboutSymbolicLink: true),
            info.type == .regular, let identity = info.platformSpecificStatus.map(StaticFileIdentity.init)
        else { return nil }
        let size = Int(info.size)
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        let range: ClosedRange<Int>?
        var status = HTTPResponse.Status.ok
        // If-Range cannot be checked (no validators are sent): such a request gets the whole file.
        let rangeHeader = request.headers[.ifRange] == nil ? request.headers[.range] : nil
        switch ByteRange(header: rangeHeader, size: size) {
        case .whole:
            range = size > 0 ? 0...(size - 1) : nil
        case .partial(let part):
            range = part
            status = .partialContent
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound)/\(size)"
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return JSONResponse.error(
                .rangeNotSatisfiable, "Range '\(rangeHeader ?? "")' is outside the file's \(size) bytes",
                headers: headers)
        }
        headers[.contentType] = Self.contentType(path)
        guard let range else { return Response(status: status, headers: headers, body: ResponseBody()) }
        let body = ResponseBody(contentLength: range.count) { writer in
            try await FileSystem.shared.withFileHandle(
                forReadingAt: filePath, options: OpenOptions.Read(followSymbolicLinks: false, closeOnExec: true)
            ) { handle in
                guard let now = try await handle.info().platformSpecificStatus.map(StaticFileIdentity.init),
                    now == identity
                else { throw StaticFileChanged(path: path) }
                let offsets = Int64(range.lowerBound)...Int64(range.upperBound)
                for try await chunk in handle.readChunks(in: offsets, chunkLength: .kibibytes(64)) {
                    try await writer.write(chunk)
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map(String.init) : nil
        return ext.flatMap { MediaType.getMediaType(forExtension: $0)?.description } ?? "application/octet-stream"
    }
}

/// What must not change between checking a static file and sending it.
private struct StaticFileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
    }
}

/// A static file replaced or resized while it was being sent: the response is cut off.
struct StaticFileChanged: Error {
    let path: String
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
}

func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
}
