import Testing

@testable import Client

/// The one decision of what a body is, by its Content-Type.
struct MediaTypeTests {
    static let rows: [(contentType: String, essence: String, json: Bool, lines: Bool, stream: Bool, text: Bool)] = [
        ("application/json", "application/json", true, false, false, true),
        ("Application/JSON; charset=utf-8", "application/json", true, false, false, true),
        ("application/problem+json", "application/problem+json", true, false, false, true),
        ("text/json", "text/json", true, false, false, true),
        ("application/x-ndjson", "application/x-ndjson", false, true, true, true),
        ("application/jsonl", "application/jsonl", false, true, true, true),
        ("application/x-jsonlines", "application/x-jsonlines", false, true, true, true),
        ("application/json-seq", "application/json-seq", false, false, true, false),
        (" text/event-stream ", "text/event-stream", false, false, true, true),
        ("text/html; charset=utf-8", "text/html", false, false, false, true),
        ("image/svg+xml", "image/svg+xml", false, false, false, true),
        ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded", false, false, false, true),
        ("image/png", "image/png", false, false, false, false),
        ("application/octet-stream", "application/octet-stream", false, false, false, false),
    ]

    @Test(arguments: rows)
    func decides(_ row: (contentType: String, essence: String, json: Bool, lines: Bool, stream: Bool, text: Bool))
        throws
    {
        let type = try #require(MediaType(row.contentType))
        #expect(type.essence == row.essence)
        #expect(type.isJSON == row.json)
        #expect(type.isJSONLines == row.lines)
        #expect(type.isLineStream == row.stream)
        #expect(type.isText == row.text)
    }

    @Test func blankIsNoType() {
        #expect(MediaType("") == nil)
        #expect(MediaType(" ; charset=utf-8") == nil)
    }
}
