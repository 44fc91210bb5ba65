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

    /// One request as recorded: plain values only; the JSON is built when the journal is read, so recording costs
    /// a few copies (the hot path records on the event loop).
    private struct Record {
        let sequence: Int
        let time: timespec
        let method: String
        let target: String
        let headers: HTTPFields
        let body: [UInt8]?
        let status: Int?
        let elapsed: Duration
    }

    private struct Ring {
        var records: [Record] = []
        /// Where the oldest record is, once the ring is full.
        var start = 0
        var lastSequence = 0
    }

    private let ring = NIOLockedValueBox(Ring())

    init(capacity: Int) { self.capacity = capacity }

    /// Records one answered request. `target` is the path and query as sent; `body` the request body (nil: none),
    /// of which only the first `maximumBodyBytes` are kept. Credentials are redacted here, before anything is kept.
    func record(
        method: String, target: String, headers: HTTPFields, body: [UInt8]?, status: Int?, elapsed: Duration
    ) {
        guard capacity > 0 else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let kept = body.map { $0.count > Self.maximumBodyBytes + 1 ? Array($0.prefix(Self.maximumBodyBytes + 1)) : $0 }
        let safeHeaders = Self.redacting(headers)
        ring.withLockedValue { ring in
            ring.lastSequence += 1
            let record = Record(
                sequence: ring.lastSequence, time: now, method: method, target: target, headers: safeHeaders,
                body: kept, status: status, elapsed: elapsed)
            if ring.records.count < capacity {
                ring.records.append(record)
            } else {
                ring.records[ring.start] = record
                ring.start = (ring.start + 1) % capacity
            }
        }
    }

    /// The entries, oldest first.
    func entries() -> [JSONValue] {
        let records = ring.withLockedValue { ring in Array(ring.records[ring.start...] + ring.records[..<ring.start]) }
        return records.map(Self.entry)
    }

    func clear() {
        ring.withLockedValue { ring in
            ring.records = []
            ring.start = 0
        }
    }

    static func redacting(_ headers: HTTPFields) -> HTTPFields {
        guard headers.contains(where: { redactedHeaders.contains($0.name.canonicalName) }) else { return headers }
        var safe = HTTPFields()
        for field in headers {
            safe.append(
                redactedHeaders.contains(field.name.canonicalName)
                    ? HTTPField(name: field.name, value: redacted) : field)
        }
        return safe
    }

    // MARK: Entries

    private static func entry(_ record: Record) -> JSONValue {
        let (path, query) = splitTarget(record.target)
        var entry: JSONObject = [
            "seq": .number(JSONNumber(record.sequence)), "time": .string(timestamp(record.time)),
            "method": .string(record.method), "path": .string(path), "query": queryObject(query),
            "headers": headerObject(record.headers), "body": bodyValue(record.body),
            "status": record.status.map { .number(JSONNumber($0)) } ?? .null,
            "ms": .number(JSONNumber(milliseconds(record.elapsed))),
        ]
        if let body = record.body, body.count > maximumBodyBytes { entry["bodyTruncated"] = true }
        return .object(entry)
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

    /// Lower-case names; a repeated header's values joined with `, ` (credentials are already redacted).
    static func headerObject(_ headers: HTTPFields) -> JSONValue {
        var object = JSONObject()
        for field in headers {
            let name = field.name.canonicalName
            if case .string(let earlier)? = object[name] {
                object[name] = .string(field.value == redacted ? redacted : earlier + ", " + field.value)
            } else {
                object[name] = .string(field.value)
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
        let microseconds = Double(seconds) * 1_000_000 + Double(attoseconds / 1_000_000_000_000)
        return microseconds.rounded() / 1000
    }

    /// A wall-clock time in UTC, `2026-12-01T23:59:59.123Z`.
    static func timestamp(_ now: timespec) -> String {
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
