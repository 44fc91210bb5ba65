import JSON
import NIOConcurrencyHelpers

/// Group commit of the PostgreSQL store's creates: a create goes out at once when fewer than `limit` batches are
/// running; those that arrive meanwhile wait, and the next batch takes all of them (up to `batchLimit`), written
/// by one statement and committed together (`PostgresStore.runCreates`). Each create is answered once its batch
/// committed; one that must be tried again (a new id another server took meanwhile) goes first into the next.
final class CreateQueue: Sendable {
    /// The most creates in one batch.
    static let batchLimit = 256
    /// The most tries of one create (a new id already used, a collection created meanwhile).
    static let attemptLimit = 8

    typealias Outcome = Result<(id: String, item: StoredItem), StoreError>

    /// One create waiting for its batch, and how many times it was tried.
    struct Request: Sendable {
        let name: String
        let item: JSONObject
        let createCollection: Bool
        var attempts = 0
        let reply: CheckedContinuation<Outcome, Never>

        init(
            name: String, item: JSONObject, createCollection: Bool, reply: CheckedContinuation<Outcome, Never>
        ) {
            self.name = name
            self.item = item
            self.createCollection = createCollection
            self.reply = reply
        }
    }

    private struct State {
        var waiting: [Request] = []
        var running = 0

        mutating func nextBatch() -> [Request] {
            let batch = Array(waiting.prefix(CreateQueue.batchLimit))
            waiting.removeFirst(batch.count)
            return batch
        }
    }

    private let state = NIOLockedValueBox(State())
    private let limit: Int
    /// Runs one batch: answers each request, or returns it to be tried again.
    private let run: @Sendable ([Request]) async -> [Request]

    init(limit: Int, run: @escaping @Sendable ([Request]) async -> [Request]) {
        self.limit = max(1, limit)
        self.run = run
    }

    /// How many creates wait for a batch.
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

    func create(in name: String, item: JSONObject, createCollection: Bool) async -> Outcome {
        await withCheckedContinuation { reply in
            let batch = state.withLockedValue { state -> [Request]? in
                state.waiting.append(Request(name: name, item: item, createCollection: createCollection, reply: reply))
                guard state.running < limit else { return nil }
                state.running += 1
                return state.nextBatch()
            }
            if let batch { Task { await self.drain(batch) } }
        }
    }

    /// Runs `first`, then the batches that gathered meanwhile, until none waits.
    private func drain(_ first: [Request]) async {
        var batch = first
        while true {
            let again = await run(batch)
            let next = state.withLockedValue { state -> [Request]? in
                state.waiting.insert(contentsOf: again, at: 0)
                guard !state.waiting.isEmpty else {
                    state.running -= 1
                    return nil
                }
                return state.nextBatch()
            }
            guard let next else { return }
            batch = next
        }
    }
}
