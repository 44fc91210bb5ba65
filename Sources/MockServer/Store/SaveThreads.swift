import NIOPosix

/// Threads for the blocking calls of saves (write, fsync, rename), so overlapping saves do not wait for each
/// other's fsync nor take threads from NIO's shared pool.
enum SaveThreads {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: JSONFileStore.maxSavesInFlight + 1)
        pool.start()
        return pool
    }()

    /// Runs `body` on a save thread.
    static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async -> Result<T, E> {
        do {
            return try await pool.runIfActive { Result { () throws(E) in try body() } }
        } catch {
            preconditionFailure("the save thread pool never stops: \(error)")
        }
    }
}
