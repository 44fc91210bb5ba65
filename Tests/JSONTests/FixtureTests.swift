import JSON
import Testing

@Suite("JSON fixtures")
struct FixtureTests {
    @Test func fixtureFoldersAreFound() {
        #expect(Fixtures.pass.count >= 15)
        #expect(Fixtures.fail.count >= 40)
    }

    @Test("pass fixtures parse and survive a compact round trip", arguments: Fixtures.pass)
    func passFixture(_ file: Fixtures.File) throws {
        let value = try JSON.parse(file.bytes)
        #expect(try JSON.parseSequence(file.bytes) == [value])
        let compact = value.compactBytes
        #expect(try JSON.parse(compact) == value)
        #expect(try JSON.parse(compact).compactBytes == compact)
        #expect(try JSON.parse(value.prettyString) == value)
    }

    @Test("fail fixtures fail at the line and column named in their .error file", arguments: Fixtures.fail)
    func failFixture(_ file: Fixtures.File) throws {
        let expected = try #require(file.expectedError, "\(file.name).json has no \(file.name).error sidecar")
        #expect(throws: JSONParseError.self) { try JSON.parse(file.bytes) }
        do {
            _ = try JSON.parse(file.bytes)
        } catch {
            #expect(error.description == expected)
            #expect(error.offset >= 0 && error.offset <= file.bytes.count)
        }
    }
}
