#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes handed from one thread (a transfer's callback) to another (the one that reads them), in batches: the
/// reader wakes when `batch` bytes are waiting or the writer has ended, and the writer waits while `most` are
/// (so at most about `most` bytes are pending).
final class ByteChannel: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = GrowableBytes()
    private var ended = false
    private var cancelled = false
    /// The reader has stopped taking bytes (what is written after that is dropped).
    private var closed = false
    private var readerWaits = false
    private var writerWaits = false
    /// The reader took no more because it held too much.
    private var refused = false
    private let batch: Int
    private let most: Int

    init(batch: Int = 128 << 10, most: Int = 512 << 10) {
        self.batch = batch
        self.most = most
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        lock.deallocate()
        changed.deallocate()
    }

    /// Hands over `bytes`; false when the reader refused more (it holds too much), or memory ran out.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while pending.count >= most, !closed {
            writerWaits = true
            pthread_cond_wait(changed, lock)
        }
        writerWaits = false
        if closed { return !refused }
        guard pending.append(bytes) else { return false }
        if readerWaits, pending.count >= batch { pthread_cond_broadcast(changed) }
        return true
    }

    /// No more bytes will come; when `cancel`, the reader is to stop without reading the rest.
    func end(cancel: Bool = false) {
        pthread_mutex_lock(lock)
        ended = true
        cancelled = cancel
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    enum Taken { case more, last, cancelled }

    /// For the reader: waits for a batch (or the end), and swaps it with `spare` (an empty buffer): `.last` when
    /// the writer has ended and this was the last of it.
    func take(_ spare: inout GrowableBytes) -> Taken {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while pending.count < batch, !ended {
            readerWaits = true
            pthread_cond_wait(changed, lock)
        }
        readerWaits = false
        if cancelled { return .cancelled }
        swap(&pending, &spare)
        if writerWaits { pthread_cond_broadcast(changed) }
        return ended ? .last : .more
    }

    /// For the reader: it takes no more (the writer drops what it writes from now on); when `refused`, the writer
    /// is told to stop.
    func close(refused: Bool = false) {
        pthread_mutex_lock(lock)
        closed = true
        self.refused = self.refused || refused
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }
}
