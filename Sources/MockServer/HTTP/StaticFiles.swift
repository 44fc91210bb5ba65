import HTTPTypes
import Hummingbird
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

    /// A 200 with the file's bytes and a content type from its extension, or nil when it cannot be read.
    func response(for path: String) async -> Response? {
        let bytes: [UInt8]
        do {
            bytes = try await NIOThreadPool.singleton.runIfActive { try DurableFile(path: path).read().bytes }
        } catch {
            return nil
        }
        var headers = HTTPFields()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map(String.init) : nil
        headers[.contentType] =
            ext.flatMap { MediaType.getMediaType(forExtension: $0)?.description } ?? "application/octet-stream"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
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
