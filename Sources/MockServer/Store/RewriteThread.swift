import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The thread file rewrites run on: one, shared by every store of the process, at a lower scheduling priority
/// (nice 10), so that on a busy machine a rewrite of a large file (seconds of copying) yields the CPU to the
/// requests and the journal instead of slowing them down.
enum RewriteThread {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        pool.submit { _ in lowerPriority() }
        return pool
    }()

    /// Runs `body` on the rewrite thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    private static func lowerPriority() {
        #if canImport(Glibc)
            // On Linux the nice value belongs to a thread: `who` 0 is the calling thread alone (setpriority(2), NOTES).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
