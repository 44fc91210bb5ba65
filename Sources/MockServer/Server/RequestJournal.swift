import HTTPTypes
import JSON
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The last requests the server answered (`--journal N`), for `GET /__api/requests`: what a front end actually sent.
///
/// A ring of at most `capacity` entries, oldest first, safe to append to from the event loop (`FastItemHandler`) and
/// from request tasks. Sequence numbers keep counting across `clear()`, so `?since=SEQ` stays meaningful.
final class RequestJournal: Sendable {
    /// The most body bytes kept per request.
    static let maximumBodyBytes = 64 * 1024
    /// Header values replaced by `redacted`: credentials never reach the journal.
    static let redactedHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
    static let redacted = "[redacted]"

    let capacity: Int

    private struct Ring {
        var entries: [JSONValue] = []
        /// Where the oldest entry is, once the ring is full.
        var start = 0
        var lastSequence = 0
    }

    private let ring = NIOLockedValueBox(Ring())

    init(capacity: Int) { self.capacity = capacity }

    /// Records one answered request. `target` is the path and query as sent; `body` the request body (nil: none).
    func record(
        method: String, target: String, headers: HTTPFields, body: [UInt8]?, status: Int?, elapsed: Duration
    ) {
        guard capacity > 0 else { return }
        let time = Self.timestamp()
        var entry = Self.entry(
            method: method, target: target, headers: headers, body: body, status: status, elapsed: elapsed)
        ring.withLockedValue { ring in
            ring.lastSequence += 1
            entry["seq"] = .number(JSONNumber(ring.lastSequence))
            entry["time"] = .string(time)
            let ordered = Self.ordered(entry)
            if ring.entries.count < capacity {
                ring.entries.append(ordered)
            } else {
                ring.entries[ring.start] = ordered
                ring.start = (ring.start + 1) % capacity
            }
        }
    }

    /// The entries, oldest first.
    func entries() -> [JSONValue] {
        ring.withLockedValue { ring in Array(ring.entries[ring.start...] + ring.entries[..<ring.start]) }
    }

    func clear() {
        ring.withLockedValue { ring in
            ring.entries = []
            ring.start = 0
        }
    }

    // MARK: Entries

    private static let fieldOrder = ["seq", "time", "method", "path", "query", "headers", "body", "status", "ms"]

    private static func ordered(_ entry: JSONObject) -> JSONValue {
        var object = JSONObject()
        for name in fieldOrder { object[name] = entry[name] ?? .null }
        for (name, value) in entry where object[name] == nil { object[name] = value }
        return .object(object)
    }

    private static func entry(
        method: String, target: String, headers: HTTPFields, body: [UInt8]?, status: Int?, elapsed: Duration
    ) -> JSONObject {
        let (path, query) = splitTarget(target)
        var entry: JSONObject = [
            "method": .string(method), "path": .string(path), "query": queryObject(query),
            "headers": headerObject(headers), "body": bodyValue(body),
            "status": status.map { .number(JSONNumber($0)) } ?? .null,
            "ms": .number(JSONNumber(milliseconds(elapsed))),
        ]
        if let body, body.count > maximumBodyBytes { entry["bodyTruncated"] = true }
        return entry
    }

    static func splitTarget(_ target: String) -> (path: String, query: Substring) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), target[target.index(after: mark)...])
    }

    /// `a=1&b=2&a=3` → `{"a": ["1", "3"], "b": "2"}`, percent-decoded.
    static func queryObject(_ query: Substring) -> JSONValue {
        var object = JSONObject()
        for (name, value) in QueryParameters(query: query).pairs {
            switch object[name] {
            case nil: object[name] = .string(value)
            case .array(var values)?:
                values.append(.string(value))
                object[name] = .array(values)
            case let first?: object[name] = .array([first, .string(value)])
            }
        }
        return .object(object)
    }

    /// Lower-case names; a repeated header's values joined with `, `; credentials redacted.
    static func headerObject(_ headers: HTTPFields) -> JSONValue {
        var object = JSONObject()
        for field in headers {
            let name = field.name.canonicalName
            let value = redactedHeaders.contains(name) ? redacted : field.value
            if case .string(let earlier)? = object[name] {
                object[name] = .string(redactedHeaders.contains(name) ? redacted : earlier + ", " + value)
            } else {
                object[name] = .string(value)
            }
        }
        return .object(object)
    }

    /// The body as JSON when it is JSON, otherwise as text (its first `maximumBodyBytes` bytes); null when empty.
    static func bodyValue(_ body: [UInt8]?) -> JSONValue {
        guard let body, !body.isEmpty else { return .null }
        if body.count <= maximumBodyBytes, let value = try? JSON.parse(body) { return value }
        return .string(String(decoding: body.prefix(maximumBodyBytes), as: UTF8.self))
    }

    /// Milliseconds with three decimals.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        let micros = Double(seconds) * 1_000_000 + Double(attoseconds / 1_000_000_000_000)
        return (micros / 1000 * 1000).rounded() / 1000
    }

    /// Now in UTC, `2026-12-01T23:59:59.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(Int(now.tv_nsec) / 1_000_000, 3))Z"
    }
}
