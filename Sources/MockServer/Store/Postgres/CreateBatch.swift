import JSON
import Logging
import PostgresNIO

/// Runs a batch of `CreateQueue`: per collection, one statement for the collection's facts and all the new ids
/// the batch needs, then one multi-row insert, committed on its own (one commit for the batch). Each create gets
/// the answer it would get alone: 404 (no collection, `--strict`), 409 (a given id in use), 400 (an id that is not
/// a string or a number), or 201; one whose new id another server took meanwhile is tried again.
struct CreateBatch: Sendable {
    let client: PostgresClient
    let location: PostgresLocation
    let idField: String
    let logger: Logger

    typealias Request = CreateQueue.Request

    /// Answers the requests of `requests` that are done; returns the ones to try again.
    func run(_ requests: [Request]) async -> [Request] {
        var names: [String] = []
        var groups: [String: [Request]] = [:]
        for request in requests {
            if groups[request.name] == nil { names.append(request.name) }
            groups[request.name, default: []].append(request)
        }
        var again: [Request] = []
        for name in names { again += await run(groups[name]!, in: name) }
        return again
    }

    private func run(_ group: [Request], in name: String) async -> [Request] {
        let outcomes: [CreateQueue.Outcome?]
        do {
            outcomes = try await client.withConnection { try await self.outcomes(of: group, in: name, $0) }
        } catch {
            outcomes = Array(
                repeating: .failure(.saveFailed(describePostgresError(error, location))), count: group.count)
        }
        var again: [Request] = []
        for (request, outcome) in zip(group, outcomes) {
            if let outcome {
                request.reply.resume(returning: outcome)
                continue
            }
            var retried = request
            retried.attempts += 1
            if retried.attempts < CreateQueue.attemptLimit {
                again.append(retried)
            } else {
                request.reply.resume(returning: .failure(.saveFailed("could not find an unused id in '\(name)'")))
            }
        }
        return again
    }

    /// Each create's outcome, nil for one to try again. Nothing is answered here, so a failure of the batch can
    /// answer all of them.
    private func outcomes(of group: [Request], in name: String, _ connection: PostgresConnection) async throws
        -> [CreateQueue.Outcome?]
    {
        var outcomes = [CreateQueue.Outcome?](repeating: nil, count: group.count)
        let newIDs = group.count(where: { ItemChanges.needsNewID($0.item, idField: idField) })
        guard let facts = try await PostgresSQL.creationFacts(name, newIDs: newIDs, connection, logger) else {
            for (index, request) in group.enumerated() where !request.createCollection {
                outcomes[index] = .failure(.notFound)
            }
            // The collection's row and its id sequence appear together; its creates are tried again.
            if group.contains(where: \.createCollection) { try await addCollection(name, connection) }
            return outcomes
        }
        guard !facts.isDocument else { return outcomes.map { _ in .failure(.wrongKind(name)) } }
        var batch = PostgresPrepared.InsertItems(resource: name)
        var candidates: [(index: Int, key: String, item: StoredItem, given: Bool)] = []
        var keys: Set<String> = []
        var taken = 0
        for (index, request) in group.enumerated() {
            do throws(StoreError) {
                let (key, object, given) = try ItemChanges.created(request.item, idField: idField) {
                    defer { taken += 1 }
                    return facts.newID(taken)
                }
                // The same id twice in one batch: the second goes in the next (and gets a 409 there if given).
                guard keys.insert(key).inserted else { continue }
                let stored = StoredItem(.object(object), idField: idField)
                batch.append(stored, key: key)
                candidates.append((index, key, stored, given))
            } catch {
                outcomes[index] = .failure(error)
            }
        }
        guard !candidates.isEmpty else { return outcomes }
        let inserted: Set<String>
        do {
            inserted = try await PostgresSQL.insert(batch, connection, logger)
        } catch {
            // One item the database refuses fails alone: each is inserted on its own.
            guard candidates.count > 1 else { throw error }
            var alone: Set<String> = []
            for candidate in candidates {
                var one = PostgresPrepared.InsertItems(resource: name)
                one.append(candidate.item, key: candidate.key)
                do {
                    alone.formUnion(try await PostgresSQL.insert(one, connection, logger))
                } catch {
                    outcomes[candidate.index] = .failure(.saveFailed(describePostgresError(error, location)))
                }
            }
            inserted = alone
        }
        var largestGiven: Int?
        for candidate in candidates where outcomes[candidate.index] == nil {
            if inserted.contains(candidate.key) {
                outcomes[candidate.index] = .success((candidate.key, candidate.item))
                if candidate.given, let integer = Int(candidate.key) {
                    largestGiven = max(largestGiven ?? integer, integer)
                }
            } else if candidate.given {
                outcomes[candidate.index] = .failure(.duplicateID(candidate.key))
            }
        }
        if let largestGiven {
            try await PostgresSQL.raiseSequence(facts.serial, past: largestGiven, connection, logger)
        }
        return outcomes
    }

    /// Adds collection `name` (and its id sequence) in one transaction; nothing when another server added it.
    private func addCollection(_ name: String, _ connection: PostgresConnection) async throws {
        let logger = logger
        _ = try await connection.inTransaction(logger: logger) { try await PostgresSQL.addCollection(name, $0, logger) }
    }
}
