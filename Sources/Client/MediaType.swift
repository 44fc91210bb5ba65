import Support

/// A media type without its parameters, lower-cased (`application/json` of `Application/JSON; charset=utf-8`): the
/// one place that decides whether a body is JSON, JSON lines or text.
public struct MediaType: Sendable, Equatable, CustomStringConvertible {
    /// `type/subtype`, lower case.
    public let essence: String

    /// From a `Content-Type` value; nil when it is blank.
    public init?(_ contentType: String) {
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let essence = type.trimmingCharacters(in: " \t").lowercased()
        guard !essence.isEmpty else { return nil }
        self.essence = essence
    }

    public var description: String { essence }

    /// One JSON document: `application/json`, `*/*+json`, `text/json`.
    public var isJSON: Bool { essence == "application/json" || essence.hasSuffix("+json") || essence == "text/json" }

    /// One JSON document per line: `application/x-ndjson`, `application/jsonl`, `application/jsonlines` and
    /// `application/x-jsonlines`.
    public var isJSONLines: Bool {
        switch essence {
        case "application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines": true
        default: false
        }
    }

    /// A body printed line by line as it arrives: JSON lines, `application/json-seq`, `text/event-stream`.
    public var isLineStream: Bool {
        isJSONLines || essence == "application/json-seq" || essence == "text/event-stream"
    }

    /// Printed as text rather than bytes: `text/*`, JSON of either kind, XML, JavaScript, urlencoded forms.
    public var isText: Bool {
        essence.hasPrefix("text/") || isJSON || isJSONLines || essence.hasSuffix("+xml") || essence.hasSuffix("/xml")
            || essence == "application/javascript" || essence == "application/x-www-form-urlencoded"
    }
}
