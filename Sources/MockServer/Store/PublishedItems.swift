import NIOConcurrencyHelpers

/// The store's serialized items, readable from any thread without waiting for the store: the event-loop fast
/// path (`FastItemHandler`) answers `GET /NAME/ID` from here.
///
/// The store puts an item here when it serializes it and removes it in the same step that changes it, so this
/// never holds a version older than the store's own.
public final class PublishedItems: Sendable {
    private let items = NIOLockedValueBox<[String: [String: Representation]]>([:])
    private let hitCount = NIOLockedValueBox<Int>(0)

    public init() {}

    /// The item's representation, if the store has published it.
    public func item(in name: String, id: String) -> Representation? {
        items.withLockedValue { $0[name]?[id] }
    }

    func publish(_ representation: Representation, in name: String, id: String) {
        items.withLockedValue { $0[name, default: [:]][id] = representation }
    }

    func reserveCapacity(_ count: Int, in name: String) {
        items.withLockedValue { $0[name, default: [:]].reserveCapacity(count) }
    }

    func withdraw(in name: String, id: String) {
        _ = items.withLockedValue { $0[name]?.removeValue(forKey: id) }
    }

    func withdrawAll(in name: String) {
        _ = items.withLockedValue { $0.removeValue(forKey: name) }
    }

    func withdrawAll() {
        items.withLockedValue { $0 = [:] }
    }

    /// How many requests the fast path answered (for tests).
    public var hits: Int { hitCount.withLockedValue { $0 } }

    func countHit() { hitCount.withLockedValue { $0 += 1 } }
}
