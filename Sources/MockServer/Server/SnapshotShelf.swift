import JSON
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The named snapshots of `POST /__api/snapshots/NAME`: whole copies of the data, kept in memory while the server
/// runs (a `Database` is copy-on-write, so a snapshot costs little until writes change the items it shares).
final class SnapshotShelf: Sendable {
    struct Entry: Sendable {
        let name: String
        let data: Database
        /// `2026-12-01T23:59:59.123Z`.
        let created: String

        /// `{"name", "created", "items": {"users": 3, ...}}`: the item count of each collection.
        var summary: JSONValue {
            var counts = JSONObject()
            for name in data.names {
                if let collection = data.collection(name) { counts[name] = .number(JSONNumber(collection.count)) }
            }
            return ["name": .string(name), "created": .string(created), "items": .object(counts)]
        }
    }

    /// The most snapshots kept at once.
    static let capacity = 100
    /// The longest name.
    static let maximumNameLength = 64

    private let entries = NIOLockedValueBox<[Entry]>([])

    /// Every snapshot, oldest first.
    var all: [Entry] { entries.withLockedValue { $0 } }

    func entry(_ name: String) -> Entry? { entries.withLockedValue { list in list.first { $0.name == name } } }

    /// Saves `data` under `name`, replacing a snapshot of that name. Returns the entry and whether it replaced one;
    /// nil when the shelf is full.
    func save(_ name: String, _ data: Database) -> (entry: Entry, replaced: Bool)? {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let entry = Entry(name: name, data: data, created: RequestJournal.timestamp(now))
        return entries.withLockedValue { list in
            if let position = list.firstIndex(where: { $0.name == name }) {
                list.remove(at: position)
                list.append(entry)
                return (entry, true)
            }
            guard list.count < Self.capacity else { return nil }
            list.append(entry)
            return (entry, false)
        }
    }

    /// Removes the snapshot `name`; false when there is none.
    func remove(_ name: String) -> Bool {
        entries.withLockedValue { list in
            guard let position = list.firstIndex(where: { $0.name == name }) else { return false }
            list.remove(at: position)
            return true
        }
    }

    /// Why `name` cannot name a snapshot, nil when it can: 1 to 64 letters, digits, `-`, `_` or `.`, not only dots.
    static func problem(withName name: String) -> String? {
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        guard !name.isEmpty, name.utf8.count <= maximumNameLength, allowed, name.contains(where: { $0 != "." }) else {
            return "snapshot name '\(name)' must be 1 to \(maximumNameLength) letters, digits, '-', '_' or '.'"
        }
        return nil
    }
}
