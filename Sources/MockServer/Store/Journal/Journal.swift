import NIOConcurrencyHelpers
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Group commit over the journal file: writers queue their record and wait; one thread appends everything queued
/// and fdatasyncs it, then answers every writer the sync covered. Records that arrive during a sync go in the next.
///
/// Records are queued in the order the store applied them (the store queues while it holds its lock), so the
/// journal's order is the order of the changes.
final class Journal: @unchecked Sendable {
    let file: JournalFile
    private let mode: mode_t
    private let lock = NIOLock()
    private let thread: NIOThreadPool

    // Guarded by `lock`.
    private var descriptor: Int32 = -1
    private var queued: [UInt8] = []
    private var lastQueued = 0
    private var lastDurable = 0
    private var writing = false
    private var failure: FileError?
    private var waiters: [(ticket: Int, continuation: CheckedContinuation<FileError?, Never>)] = []
    /// A request to drop the journal's first bytes (they are in the database file now), and who waits for it.
    private var drop: (offset: Int, continuation: CheckedContinuation<FileError?, Never>)?
    /// Bytes appended and synced so far (since the journal was last emptied).
    private var length = 0
    private var syncs = 0

    /// A journal for `file`, created with `mode` (the database file's permission bits) on its first record.
    init(_ file: JournalFile, mode: mode_t) {
        self.file = file
        self.mode = mode
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
    }

    /// Queues a record; returns the ticket to wait for. Cheap: call it while holding the store's lock.
    func queue(_ line: [UInt8]) -> Int {
        lock.withLock {
            queued.append(contentsOf: line)
            lastQueued += 1
            startWritingIfIdle()
            return lastQueued
        }
    }

    /// Waits until the record with `ticket` (and every one before it) is synced; the error when the append failed.
    func waitUntilDurable(_ ticket: Int) async -> FileError? {
        await withCheckedContinuation { continuation in
            let answer: FileError?? = lock.withLock {
                if let failure { return .some(failure) }
                if lastDurable >= ticket { return .some(nil) }
                waiters.append((ticket, continuation))
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// How many appends (each one fdatasync) there have been: fewer than records when writes are grouped.
    var syncCount: Int { lock.withLock { syncs } }

    /// The ticket of the last record synced.
    var lastDurableTicket: Int { lock.withLock { lastDurable } }

    /// The ticket of the last record queued.
    var lastTicket: Int { lock.withLock { lastQueued } }

    /// How many bytes have been appended and synced: every record before that offset was applied to the data
    /// before this call.
    var syncedLength: Int { lock.withLock { length } }

    /// Drops the journal's first `offset` bytes, between two appends; waits until that is durable.
    func dropPrefix(_ offset: Int) async -> FileError? {
        await withCheckedContinuation { continuation in
            lock.withLock {
                drop = (offset, continuation)
                startWritingIfIdle()
            }
        }
    }

    /// Whether an append failed: the journal then takes no more records until the store starts again.
    var failed: FileError? { lock.withLock { failure } }

    /// Closes the file and stops the thread (after the last wait).
    func close() {
        lock.withLock {
            if descriptor >= 0 { closeDescriptor(descriptor) }
            descriptor = -1
        }
        try? thread.syncShutdownGracefully()
    }

    /// Holding the lock.
    private func startWritingIfIdle() {
        guard !writing else { return }
        writing = true
        thread.submit { [self] _ in writeLoop() }
    }

    private func writeLoop() {
        while true {
            let work: (batch: [UInt8], upTo: Int, drop: (Int, CheckedContinuation<FileError?, Never>)?)? =
                lock.withLock {
                    if queued.isEmpty, drop == nil {
                        writing = false
                        return nil
                    }
                    let batch = queued
                    queued = []
                    let pendingDrop = drop
                    drop = nil
                    return (batch, lastQueued, pendingDrop)
                }
            guard let work else { return }
            if let (offset, continuation) = work.drop { continuation.resume(returning: performDrop(offset)) }
            if !work.batch.isEmpty { finish(work.upTo, append(work.batch)) }
        }
    }

    private func append(_ batch: [UInt8]) -> FileError? {
        do throws(FileError) {
            if let failure = lock.withLock({ failure }) { throw failure }
            if lock.withLock({ self.descriptor }) < 0 {
                let opened = try file.openForAppending(mode: mode)
                lock.withLock { self.descriptor = opened }
            }
            let descriptor = lock.withLock { self.descriptor }
            try writeAll(batch, to: descriptor, path: file.path)
            guard fdatasync(descriptor) == 0 else { throw FileError(path: file.path, action: "fdatasync") }
            lock.withLock {
                length += batch.count
                syncs += 1
            }
            return nil
        } catch {
            // Cut off what may have reached the file of the failed batch, so no record answered with an error
            // is replayed later.
            lock.withLock { if descriptor >= 0 { _ = ftruncate(descriptor, off_t(length)) } }
            return error
        }
    }

    private func finish(_ upTo: Int, _ error: FileError?) {
        let answered = lock.withLock {
            if let error {
                failure = failure ?? error
                let all = waiters
                waiters = []
                return all
            }
            lastDurable = upTo
            let done = waiters.filter { $0.ticket <= upTo }
            waiters.removeAll { $0.ticket <= upTo }
            return done
        }
        for waiter in answered { waiter.continuation.resume(returning: error) }
    }

    private func performDrop(_ offset: Int) -> FileError? {
        do throws(FileError) {
            let remaining = try file.dropPrefix(offset)
            let reopened = try file.openForAppending(mode: mode)
            lock.withLock {
                if descriptor >= 0 { closeDescriptor(descriptor) }
                descriptor = reopened
                length = remaining
            }
            return nil
        } catch {
            return error
        }
    }
}

private func closeDescriptor(_ descriptor: Int32) { close(descriptor) }
