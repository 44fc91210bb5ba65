import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `Query.run(body:)` on a body as it arrives. When the body is one array and the query has an element plan, a
/// thread with a large stack (`QueryLargeStack`) reads the elements while the rest of the body is still coming
/// (`QueryElementReader`), and only the element being read is held; otherwise the body is held whole and run at
/// the end. The outputs and errors are those of `Query.run(body:)` on the whole body; `each` is called on the
/// reading thread, and everything it did is visible once `finish` returns. When `eachText` is given, it takes the
/// outputs (of some plans) that are numbers, `true`, `false`, `null` or strings without escapes whose JSON text is
/// at hand, as the bytes of that text (valid for the call): what `JSONWriter` prints for them without colors;
/// `each` takes the others, all in order.
public final class QueryBodyStream {
    private enum Mode {
        /// Nothing but whitespace (and a byte order mark) so far: held in `whole`.
        case undecided
        /// Held whole, run at the end.
        case whole
        /// Read by element on `thread`.
        case elements(ByteChannel, JoinableThread)
        /// Read by element as the bytes are written (no thread could be made, or `.inPlace` was asked for).
        case inPlace(ReaderBox)
        /// Stopped by `cancel`.
        case cancelled
    }

    /// Where the elements are read.
    public enum Reading: Sendable {
        /// On a thread of its own with a large stack, while the body arrives (the default).
        case onItsOwnThread
        /// In `write` and `finish`, on the caller's thread (for tests: the same steps in a fixed order).
        case inPlace
    }

    private final class ReaderBox {
        var reader: QueryElementReader
        init(_ reader: QueryElementReader) { self.reader = reader }
    }

    private let query: Query
    private let budget: QueryBudget
    private let maxDepth: Int
    private let each: (JSONValue) -> Void
    private let eachText: ((UnsafeRawBufferPointer) -> Void)?
    private let reading: Reading
    private var mode = Mode.undecided
    private let whole = GrowableBytes()
    /// The reading thread's outcome (read once it is joined).
    private let outcome = Outcome()

    private final class Outcome: @unchecked Sendable {
        var result: Result<Void, QueryBodyError> = .success(())
    }

    /// Set by the reading thread when it held more than `limit` (read once it is joined).
    private final class Flag: @unchecked Sendable {
        private(set) var isSet = false
        func set() { isSet = true }
    }
    private let refused = Flag()
    private let limit: Int

    public init(
        query: Query, budget: QueryBudget = QueryBudget(), maxDepth: Int = JSON.defaultMaxDepth,
        limit: Int = .max, reading: Reading = .onItsOwnThread,
        eachText: ((UnsafeRawBufferPointer) -> Void)? = nil, each: @escaping (JSONValue) -> Void
    ) {
        self.eachText = eachText
        self.limit = limit
        self.query = query
        self.reading = reading
        self.budget = budget
        self.maxDepth = maxDepth
        self.each = each
    }

    /// Whether the body is being read by element (known once its first byte that is not whitespace is in).
    public var readsByElement: Bool {
        switch mode {
        case .elements, .inPlace: true
        case .undecided, .whole, .cancelled: false
        }
    }

    /// Takes the next bytes of the body; false when it would then hold more than `limit` bytes (the whole body;
    /// when read by element, the element being read and the values after the array: found after each batch, so
    /// `finish` may find it too), or memory ran out: then stop writing and `cancel`.
    public func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        switch mode {
        case .elements(let channel, _): return channel.write(chunk)
        case .inPlace(let box): return appendInPlace(chunk, box)
        case .cancelled: return false
        case .undecided, .whole: break
        }
        guard whole.count <= limit, chunk.count <= limit - whole.count, whole.append(chunk) else {
            refused.set()
            return false
        }
        if case .undecided = mode { decide() }
        return true
    }

    /// Whether it held, or would have held, more than `limit` bytes (then `finish` ran nothing).
    public var wasOverLimit: Bool { refused.isSet }

    /// The body has ended: runs what is left and reports the outcome.
    public func finish() throws(QueryBodyError) {
        switch mode {
        case .undecided, .whole:
            try whole.withBytes { (bytes) throws(QueryBodyError) in
                try query.run(body: bytes, budget: budget, maxDepth: maxDepth, each: each)
            }
            whole.removeAll()
        case .elements(let channel, let thread):
            channel.end()
            thread.join()
            if refused.isSet { return }
            try outcome.result.get()
        case .inPlace(let box):
            if refused.isSet { return }
            try outcome.result.get()
            try box.reader.finish()
        case .cancelled:
            break
        }
    }

    /// Reads in place; a failure is kept for `finish` (and what comes after it is dropped).
    private func appendInPlace(_ chunk: UnsafeRawBufferPointer, _ box: ReaderBox) -> Bool {
        guard case .success = outcome.result, !refused.isSet else { return !refused.isSet }
        do throws(QueryBodyError) {
            guard try box.reader.append(chunk) else { return false }
        } catch {
            outcome.result = .failure(error)
        }
        if box.reader.heldCount > limit {
            refused.set()
            return false
        }
        return true
    }

    /// Stops without running anything more (after `write` said false); the outputs delivered are to be dropped.
    public func cancel() {
        if case .elements(let channel, let thread) = mode {
            channel.end(cancel: true)
            thread.join()
        }
        mode = .cancelled
        whole.removeAll()
    }

    /// Chooses how to read the body once its first significant byte is in.
    private func decide() {
        let first: UInt8? = whole.withBytes { bytes in
            var index = 0
            let mark = ASCII.byteOrderMark
            if bytes.count >= 1, bytes[0] == mark.0 {
                guard bytes.count >= 3 else { return nil }
                if bytes[1] == mark.1, bytes[2] == mark.2 { index = 3 }
            }
            while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
            return index < bytes.count ? bytes[index] : nil
        }
        guard let first else { return }
        guard first == ASCII.openBracket, let plan = query.elementPlan else {
            mode = .whole
            return
        }
        if case .onItsOwnThread = reading, let (channel, thread) = startReading(plan) {
            mode = .elements(channel, thread)
            whole.withBytes { bytes in _ = channel.write(bytes) }
        } else {
            let box = ReaderBox(
                QueryElementReader(
                    query: query, plan: plan, budget: budget, maxDepth: maxDepth, eachText: eachText, each: each))
            mode = .inPlace(box)
            whole.withBytes { bytes in _ = appendInPlace(bytes, box) }
        }
        whole.removeAll()
    }

    /// Starts the reading thread.
    private func startReading(_ plan: QueryElementPlan) -> (ByteChannel, JoinableThread)? {
        let channel = ByteChannel()
        let reader = QueryElementReader(
            query: query, plan: plan, budget: budget, maxDepth: maxDepth, eachText: eachText, each: each)
        let outcome = outcome
        let overLimit = refused
        let limit = limit
        let thread = QueryLargeStack.start {
            var reader = reader
            var spare = GrowableBytes()
            outcome.result = Result { () throws(QueryBodyError) in
                while true {
                    // The room lets the reader put the bytes it holds before the next ones, rather than copy those.
                    spare.clear(room: QueryElementReader.room)
                    let taken = channel.take(&spare)
                    if case .cancelled = taken { return }
                    let appended = try reader.append(taking: spare)
                    guard appended else { throw .outOfMemory }
                    if reader.heldCount > limit {
                        overLimit.set()
                        channel.close(refused: true)
                        return
                    }
                    if case .last = taken { break }
                }
                try reader.finish()
            }
            channel.close()
        }
        return thread.map { (channel, $0) }
    }
}
