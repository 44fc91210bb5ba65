#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

enum QueryLargeStack {
    /// The stack a body's query runs on: jq functions recurse (`recurse(f)`, `repeat`, `until`, `def`), and each
    /// call takes a few kilobytes, so the main thread's 8 MB holds only about 600 of them. The pages are reserved,
    /// not used, until the recursion reaches them.
    static let megabytes = 256

    /// Runs `body` on a thread with a `megabytes` stack and waits for it; runs it in place when no thread can be
    /// made.
    static func run(_ body: () -> Void) {
        withoutActuallyEscaping(body) { body in
            guard let thread = start(body) else {
                body()
                return
            }
            pthread_join(thread, nil)
        }
    }

    /// Starts `body` on a new thread with a `megabytes` stack (to be joined); nil when no thread can be made.
    static func start(_ body: @escaping () -> Void) -> pthread_t? {
        final class Box {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, megabytes << 20)
        let box = Unmanaged.passRetained(Box(body))
        var thread = pthread_t()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box.toOpaque())
        guard created == 0 else {
            box.release()
            return nil
        }
        return thread
    }
}
