#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func readEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// A whole file as UTF-8 text, or nil when it cannot be read.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `body` on a new thread with a `megabytes` stack and waits for it (deeply recursive jq programs need more
/// than the main thread's 8 MB in a debug build).
public func runOnLargeStack(megabytes: Int = 512, _ body: @escaping () -> Void) {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, megabytes << 20)
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    pthread_create(
        &thread, &attributes,
        { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
    pthread_join(thread, nil)
    pthread_attr_destroy(&attributes)
}

/// A text file's contents, or nil.
public func readText(_ path: String) -> String? { readFile(path) }
