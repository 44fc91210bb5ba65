import JSON
import Testing

/// `QueryBodyStream` reads an array body element by element as its bytes arrive. However the body is cut into
/// pieces, its outputs and errors must be byte for byte those of the whole body parsed first.
@Suite("query on a body, as it arrives")
struct QueryBodyStreamTests {
    /// The body written in pieces cut at `cuts` (offsets in its bytes), read as `reading` says; with `asText`, the
    /// outputs that come as text (`eachText`) are taken as they are, the others written compact.
    static func streamed(
        _ query: Query, _ body: String, cuts: [Int], reading: QueryBodyStream.Reading = .inPlace, asText: Bool = false
    ) -> String {
        streamed(query, Array(body.utf8), cuts: cuts, reading: reading, asText: asText)
    }

    static func streamed(
        _ query: Query, _ bytes: [UInt8], cuts: [Int], reading: QueryBodyStream.Reading = .inPlace, asText: Bool = false
    ) -> String {
        var text = ""
        let stream = QueryBodyStream(
            query: query, reading: reading,
            eachText: asText ? { text += String(decoding: $0, as: UTF8.self) + "\n" } : nil,
            each: { text += $0.compactString + "\n" })
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            bytes[start..<end].withUnsafeBytes { #expect(stream.write($0)) }
            start = end
        }
        do {
            try stream.finish()
        } catch {
            if case .query = error {
                text += "error: \(error)"
            } else {
                return "error: \(error)"
            }
        }
        return text
    }

    static let filters = [
        ".[]", ".[] | .name", ".[] | {name, b: .a.b}", ".[] | select(.n > 1) | .name",
        "[.[] | select(.n > 1) | {name, b: .a.b}] | sort_by(.name) | length", "map(.n)", ".[] | .n | error",
        ".", "length",
    ]

    @Test(arguments: filters)
    func everyCutGivesTheWholeBodysOutputs(_ filter: String) throws {
        let query = try Query(filter)
        for body in QueryBodyRunTests.bodies {
            let whole = QueryBodyRunTests.whole(query, body)
            for cut in 0...body.utf8.count {
                #expect(Self.streamed(query, body, cuts: [cut]) == whole, "\(filter) on \(body) cut at \(cut)")
            }
            let everyByte = Array(0...body.utf8.count)
            #expect(Self.streamed(query, body, cuts: everyByte) == whole, "\(filter) on \(body) byte by byte")
        }
    }

    @Test(arguments: QueryBodyRunTests.filters)
    func byteByByteOnItsOwnThreadGivesTheWholeBodysOutputs(_ filter: String) throws {
        let query = try Query(filter)
        for body in QueryBodyRunTests.bodies {
            let everyByte = Array(0...body.utf8.count)
            #expect(
                Self.streamed(query, body, cuts: everyByte, reading: .onItsOwnThread)
                    == QueryBodyRunTests.whole(query, body), "\(filter) on \(body)")
        }
    }

    /// An error on element N comes after the outputs of elements 1 to N-1.
    @Test func anErrorComesAfterTheOutputsBeforeIt() throws {
        let query = try Query(".[] | if .n == 3 then error(\"three\") else .n end")
        let body =
            "["
            + (1...5).map { "{\"n\":\($0),\"pad\":\"\(String(repeating: "x", count: 40))\"}" }
            .joined(separator: ",") + "]"
        let cuts = Array(stride(from: 7, to: body.utf8.count, by: 13))
        let streamed = Self.streamed(query, body, cuts: cuts, reading: .onItsOwnThread)
        #expect(streamed.hasPrefix("1\n2\nerror: ") && streamed.contains("three"))
        #expect(streamed == QueryBodyRunTests.whole(query, body))
    }

    /// Errors point at the line and column of the whole body, whatever was dropped before them.
    @Test func errorsCountLinesFromTheStartOfTheBody() throws {
        let query = try Query(".[] | .name")
        let body =
            "[\n" + (1...200).map { "  {\"name\": \"n\($0)\", \"skip\": [1, 2, 3]},\n" }.joined()
            + "  {\"name\": tru}\n]"
        let expected = QueryBodyRunTests.whole(query, body)
        #expect(expected.contains("line 202"))
        let cuts = Array(stride(from: 1, to: body.utf8.count, by: 97))
        #expect(Self.streamed(query, body, cuts: cuts) == expected)
        #expect(Self.streamed(query, body, cuts: cuts, reading: .onItsOwnThread) == expected)
    }

    /// A body held by element over the limit stops the writing; one under it does not.
    @Test func theLimitIsOnWhatIsHeld() throws {
        let query = try Query(".[] | .n")
        let body = Array(("[" + (1...2000).map { "{\"n\":\($0)}" }.joined(separator: ",") + "]").utf8)
        for reading in [QueryBodyStream.Reading.inPlace, .onItsOwnThread] {
            var count = 0
            let stream = QueryBodyStream(query: query, limit: 1000, reading: reading) { _ in count += 1 }
            var start = 0
            while start < body.count {
                let end = min(start + 100, body.count)
                body[start..<end].withUnsafeBytes { #expect(stream.write($0)) }
                start = end
            }
            try stream.finish()
            #expect(stream.readsByElement && !stream.wasOverLimit)
            #expect(count == 2000)
        }
        let whole = QueryBodyStream(query: try Query("length"), limit: 1000) { _ in }
        body.withUnsafeBytes { #expect(!whole.write($0)) }
        #expect(whole.wasOverLimit)
        whole.cancel()
    }

    /// An element over the limit is refused however its bytes arrive: cut small (held while incomplete) or in one
    /// write (read whole at once, never held alone). The small elements after it do not make it pass.
    @Test func anElementOverTheLimitIsRefusedInOneWriteToo() throws {
        let query = try Query(".[] | .n")
        let body = Array(("[{\"n\":\"" + String(repeating: "x", count: 5000) + "\"},{\"n\":1}]").utf8)
        for cut in [body.count, 64] {
            let stream = QueryBodyStream(query: query, limit: 1000, reading: .inPlace) { _ in }
            var start = 1
            var accepted = body[..<1].withUnsafeBytes { stream.write($0) }  // `[`: it now reads by element
            #expect(stream.readsByElement)
            while start < body.count, accepted {
                let end = min(start + cut, body.count)
                accepted = body[start..<end].withUnsafeBytes { stream.write($0) }
                start = end
            }
            #expect(!accepted && stream.wasOverLimit, "cut \(cut)")
            stream.cancel()
        }
    }
}
