import Logging
import NIOCore
import PostgresNIO

/// One event loop's connections of `LoopConnections`, and the lookups waiting for them: coalesced.
///
/// A lookup goes out at the end of the loop's turn when a connection of the lane is free (with the others read in
/// that turn); those that arrive while every connection is busy wait, and the next connection to finish takes all of them for one collection (up to `batchLimit`)
/// as one statement, `key = ANY($2)` (`PostgresSQL.itemBatchSQL`). Each waiting request is answered from its
/// rows: nothing is kept once answered, so every answer is as fresh as a lookup of its own.
///
/// Touched only on its loop.
final class LookupLane {
    /// The most ids in one statement.
    static let batchLimit = 512

    private struct Waiting {
        let name: String
        let id: String
        let promise: EventLoopPromise<StoredItem?>
    }

    private let loop: any EventLoop
    private let connections: [PostgresConnection]
    private var busy: [Bool]
    private var waiting: [Waiting] = []
    private let logger: Logger

    init(loop: any EventLoop, connections: [PostgresConnection], logger: Logger) {
        self.loop = loop
        self.connections = connections
        busy = Array(repeating: false, count: connections.count)
        self.logger = logger
    }

    /// The item's future; nil when every connection of the lane is closed (the routes answer then).
    func item(in name: String, id: String) -> EventLoopFuture<StoredItem?>? {
        guard connections.contains(where: { !$0.isClosed }) else { return nil }
        let promise = loop.makePromise(of: StoredItem?.self)
        waiting.append(Waiting(name: name, id: id, promise: promise))
        if !sendScheduled {
            // After the requests this turn of the loop reads (the loop runs its tasks after its I/O): they go
            // out together, with no wait beyond the turn.
            sendScheduled = true
            let lane = NIOLoopBound(self, eventLoop: loop)
            loop.execute { lane.value.sendWaiting() }
        }
        return promise.futureResult
    }

    private var sendScheduled = false

    /// The waiting lookups on the free connections, one statement each.
    private func sendWaiting() {
        sendScheduled = false
        while !waiting.isEmpty, let free = busy.indices.first(where: { !busy[$0] && !connections[$0].isClosed }) {
            send(on: free)
        }
    }

    /// Sends the waiting lookups of the first one's collection on connection `index`, which is free.
    private func send(on index: Int) {
        guard let first = waiting.first else { return }
        var taken: [Waiting] = []
        var rest: [Waiting] = []
        for lookup in waiting {
            if lookup.name == first.name, taken.count < Self.batchLimit {
                taken.append(lookup)
            } else {
                rest.append(lookup)
            }
        }
        waiting = rest
        let batch = taken
        busy[index] = true
        var keys: [String] = []
        var seen: Set<String> = []
        for lookup in batch where seen.insert(lookup.id).inserted { keys.append(lookup.id) }
        var binds = PostgresBindings(capacity: 2)
        binds.append(first.name)
        binds.append(keys)
        let query = PostgresQuery(unsafeSQL: PostgresSQL.itemBatchSQL, binds: binds)
        let lane = NIOLoopBound(self, eventLoop: loop)
        connections[index].query(query, logger: logger).whenComplete { result in
            lane.value.finished(batch, on: index, with: result)
        }
    }

    /// A statement came back: its lookups are answered, and the connection takes the next waiting ones.
    private func finished(_ batch: [Waiting], on index: Int, with result: Result<PostgresQueryResult, any Error>) {
        busy[index] = false
        Self.answer(batch, from: result)
        guard !waiting.isEmpty else { return }
        if connections[index].isClosed {
            sendOnAnyFree()
        } else {
            send(on: index)
        }
    }

    /// After a connection closed: the waiting lookups go on another free one, or fail (the routes answer them).
    private func sendOnAnyFree() {
        if let free = busy.indices.first(where: { !busy[$0] && !connections[$0].isClosed }) {
            send(on: free)
        } else if !busy.contains(true) {
            let failed = waiting
            waiting = []
            for lookup in failed { lookup.promise.succeed(nil) }
        }
    }

    /// Each lookup of `batch` answered from the rows (nil: no such item, or the statement failed).
    private static func answer(_ batch: [Waiting], from result: Result<PostgresQueryResult, any Error>) {
        var found: [String: StoredItem] = [:]
        if case .success(let rows) = result {
            for row in rows.rows {
                guard let (key, body, isString) = try? row.decode((String, String, Bool).self) else { continue }
                found[key] = StoredItem(bytes: Array(body.utf8), key: key, keyIsString: isString)
            }
        }
        for lookup in batch { lookup.promise.succeed(found[lookup.id]) }
    }
}
