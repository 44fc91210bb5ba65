#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A POSIX thread running one closure, to be joined. Used instead of Dispatch, which the one-shot binary would
/// otherwise link (libdispatch's tables alone are 130 KB of relocated data, written at every start).
public struct JoinableThread: @unchecked Sendable {
    private let thread: pthread_t

    /// Starts `body` on a new thread (with a stack of `stackBytes` when given); nil when no thread can be made.
    public init?(stackBytes: Int? = nil, _ body: @escaping () -> Void) {
        final class Box {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackBytes { pthread_attr_setstacksize(&attributes, stackBytes) }
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
        self.thread = thread
    }

    /// Waits for the closure to return.
    public func join() {
        pthread_join(thread, nil)
    }
}
