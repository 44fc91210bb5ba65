#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the current thread's stack ends, so deep recursion in a query stops with an error before it overflows
/// the stack (a debug build's frames are large, and threads other than the main one have small stacks).
struct QueryStackGuard {
    /// The lowest address a query may use; below it (the margin left for builtins and the printer) it stops.
    private let floor: UInt

    /// The current thread's bounds (reading them costs a few microseconds: made only once calls nest deep).
    init() {
        #if os(Linux)
            var attributes = pthread_attr_t()
            var low: UnsafeMutableRawPointer?
            var size = 0
            guard threadAttributes(pthread_self(), &attributes) == 0 else {
                floor = 0
                return
            }
            defer { pthread_attr_destroy(&attributes) }
            guard pthread_attr_getstack(&attributes, &low, &size) == 0, let low else {
                floor = 0
                return
            }
            floor = UInt(bitPattern: low) + UInt(min(size / 4, 512 << 10))
        #else
            floor = 0
        #endif
    }

    /// Whether there is still room on the stack.
    @inline(never)
    func hasRoom() -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > floor
    }
}

#if os(Linux)
    /// glibc's `pthread_getattr_np`, which the Glibc module does not declare (it needs `_GNU_SOURCE`).
    @_silgen_name("pthread_getattr_np")
    private func threadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif
