import JSON
import NIOConcurrencyHelpers
import Testing

@testable import MockServer

/// The PostgreSQL store's group commit of creates (`CreateQueue`), with a batch runner standing in for the
/// database: which creates go together, and that each gets its own answer.
struct CreateQueueTests {
    /// A runner that records its batches and holds each until `release` lets it go.
    private final class Runner: Sendable {
        let batches = NIOLockedValueBox<[[String]]>([])
        let started = AsyncStream<Int>.makeStream()
        let gates = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])
        /// Requests named "again" are returned once, to be tried again.
        let retried = NIOLockedValueBox<Set<String>>([])

        func run(_ batch: [CreateQueue.Request]) async -> [CreateQueue.Request] {
            let names = batch.map { $0.item["n"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "" }
            let count = batches.withLockedValue {
                $0.append(names)
                return $0.count
            }
            await withCheckedContinuation { gate in
                gates.withLockedValue { $0.append(gate) }
                started.continuation.yield(count)
            }
            var again: [CreateQueue.Request] = []
            for (request, name) in zip(batch, names) {
                if name.hasPrefix("again"), retried.withLockedValue({ $0.insert(name).inserted }) {
                    again.append(request)
                } else {
                    let item = StoredItem(.object(request.item))
                    request.reply.resume(returning: .success((id: name, item: item)))
                }
            }
            return again
        }

        /// Lets every batch waiting at its gate finish.
        func release() {
            let waiting = gates.withLockedValue { gates in
                defer { gates = [] }
                return gates
            }
            for gate in waiting { gate.resume() }
        }
    }

    private func item(_ name: String) -> JSONObject {
        var object = JSONObject()
        object["n"] = .string(name)
        return object
    }

    @Test func theFirstGoesAtOnceAndThoseArrivingMeanwhileGoTogether() async throws {
        let runner = Runner()
        let queue = CreateQueue(limit: 1, run: { await runner.run($0) })
        var started = runner.started.stream.makeAsyncIterator()
        async let first = queue.create(in: "users", item: item("a"), createCollection: true)
        #expect(await started.next() == 1)
        #expect(runner.batches.withLockedValue { $0 } == [["a"]])
        // Three more while the first batch runs: they wait, then go as one batch.
        async let b = queue.create(in: "users", item: item("b"), createCollection: true)
        async let c = queue.create(in: "users", item: item("c"), createCollection: true)
        async let d = queue.create(in: "posts", item: item("d"), createCollection: true)
        while queue.waitingCount < 3 { await Task.yield() }
        #expect(runner.batches.withLockedValue { $0.count } == 1)
        runner.release()
        #expect(await started.next() == 2)
        runner.release()
        let answers = try await [first.get().id, b.get().id, c.get().id, d.get().id]
        #expect(answers == ["a", "b", "c", "d"])
        #expect(Set(runner.batches.withLockedValue { $0[1] }) == ["b", "c", "d"], "other collections too")
        #expect(runner.batches.withLockedValue { $0.count } == 2)
    }

    @Test func aRequestTriedAgainGoesFirstInTheNextBatchAndGetsItsAnswer() async throws {
        let runner = Runner()
        let queue = CreateQueue(limit: 1, run: { await runner.run($0) })
        async let answer = queue.create(in: "users", item: item("again-1"), createCollection: true)
        var started = runner.started.stream.makeAsyncIterator()
        #expect(await started.next() == 1)
        runner.release()
        #expect(await started.next() == 2)
        runner.release()
        #expect(try await answer.get().id == "again-1")
        #expect(runner.batches.withLockedValue { $0 } == [["again-1"], ["again-1"]])
    }

    @Test func atMostTheLimitOfBatchesRunAtOnce() async throws {
        let runner = Runner()
        let queue = CreateQueue(limit: 2, run: { await runner.run($0) })
        var started = runner.started.stream.makeAsyncIterator()
        async let a = queue.create(in: "users", item: item("a"), createCollection: true)
        #expect(await started.next() == 1)
        async let b = queue.create(in: "users", item: item("b"), createCollection: true)
        #expect(await started.next() == 2, "a second batch while the first runs: the limit is 2")
        async let c = queue.create(in: "users", item: item("c"), createCollection: true)
        // c waits for a batch to finish.
        while queue.waitingCount < 1 { await Task.yield() }
        #expect(runner.batches.withLockedValue { $0.count } == 2)
        runner.release()
        #expect(await started.next() == 3)
        runner.release()
        let answers = try await [a.get().id, b.get().id, c.get().id]
        #expect(answers == ["a", "b", "c"])
    }
}
