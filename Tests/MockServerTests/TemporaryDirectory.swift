import JSON

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh folder under /tmp, removed with everything in it when the test is done.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/mockserver-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(cString: created!)
    }

    deinit { removeTree(path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes a file the way an editor does: a new file renamed over the old one.
    func write(_ name: String, _ text: String) {
        let temporary = file(name + ".editor-tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(descriptor >= 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        rename(temporary, file(name))
    }

    func read(_ name: String) -> String? {
        guard let (bytes, _) = try? DurableFile(path: file(name)).read() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func names() -> [String] { folderNames(path) }
}

/// The sorted names in the folder at `path`, without `.` and `..`.
func folderNames(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

private func removeTree(_ path: String) {
    if let directory = opendir(path) {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
        }
        closedir(directory)
    }
    rmdir(path)
}
