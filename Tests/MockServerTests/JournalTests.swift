import JSON
import Testing

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#endif

private let seed = """
    {
      "users": [
        { "id": 1, "name": "Ada" },
        { "id": 2, "name": "Grace" }
      ],
      "posts": [
        { "id": 1, "userId": 1 },
        { "id": 2, "userId": 2 }
      ],
      "profile": { "name": "demo" }
    }
    """

private func line(_ operations: [JournalOperation]) -> String {
    String(decoding: JournalRecord(operations).line, as: UTF8.self)
}

private func users(_ directory: TemporaryDirectory) throws -> [String] {
    try JSON.parse(directory.read("db.json") ?? "")["users"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
}

/// The journal's record format: a hash, a space, the operations as JSON, a newline.
struct JournalRecordTests {
    @Test(arguments: [
        [JournalOperation.put(collection: "users", item: ["id": 3, "name": "Édith", "tags": ["a\nb"]])],
        [.delete(collection: "users", id: "3"), .deleteChildren(collection: "posts", field: "userId", id: "3")],
        [.set(resource: "profile", value: ["theme": "dark"])],
        [.set(resource: "count", value: 12.50)],
        [
            .replaceAll(
                Database([
                    "users": [["id": 1, "name": "Ada", "bio": "two\nlines", "tags": ["a b", "c"]], ["id": 2]],
                    "profile": ["theme": "dark", "nested": ["deep": [1, 2]]], "empty": [],
                ]))
        ],
        [.replaceAll(Database())],
    ])
    func recordsReadBackAsWritten(operations: [JournalOperation]) throws {
        let bytes = JournalRecord(operations).line
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1, "one line, whatever the strings hold")
        #expect(bytes[16] == UInt8(ascii: " "))
        #expect(bytes[..<16].allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
        let read = try #require(JournalRecord(line: bytes.dropLast()))
        #expect(read.operations == operations)
    }

    @Test(arguments: [
        "0000000000000000 [{\"put\":\"users\",\"item\":{\"id\":3}}]",  // wrong hash
        "[{\"put\":\"users\",\"item\":{\"id\":3}}]",  // no hash
        "9dd17cfa87ffd9c9 [{\"replaceAll\":[1]}]",  // the data is not an object
        "",
    ])
    func damagedLinesAreNotRecords(text: String) {
        #expect(JournalRecord(line: Array(text.utf8)) == nil)
    }

    @Test func aLineCutAnywhereIsNotARecord() {
        let full = JournalRecord([.put(collection: "users", item: ["id": 3, "name": "x"])]).line.dropLast()
        for length in 0..<full.count {
            #expect(JournalRecord(line: full.prefix(length)) == nil, "cut at \(length)")
        }
    }

    @Test func tornEndIsIgnoredAndReadingStopsAtTheFirstBadRecord() throws {
        let directory = TemporaryDirectory()
        let first = line([.put(collection: "users", item: ["id": 3])])
        let second = line([.delete(collection: "users", id: "1")])
        let torn = String(line([.put(collection: "users", item: ["id": 4])]).dropLast(5))
        directory.write("db.json.journal", first + second + torn)
        let contents = try JournalFile(forDatabase: directory.file("db.json")).read()
        #expect(contents.records.count == 2)
        #expect(contents.tornBytes == torn.utf8.count)
        #expect(try JournalFile(forDatabase: directory.file("missing.json")).read().records.isEmpty)
    }

    @Test func replayingARecordTwiceChangesNothingMore() throws {
        var database = Database(try JSON.parse(seed).objectValue!)
        let records = [
            JournalRecord([.put(collection: "users", item: ["id": 3, "name": "Edsger"])]),
            JournalRecord([.put(collection: "users", item: ["id": 1, "name": "Ada L."])]),
            JournalRecord([.delete(collection: "users", id: "2")]),
            JournalRecord([.deleteChildren(collection: "posts", field: "userId", id: "2")]),
            JournalRecord([.put(collection: "tags", item: ["id": 1])]),
            JournalRecord([.set(resource: "profile", value: ["name": "new"])]),
        ]
        for record in records { database.apply(record) }
        let once = database.jsonValue
        for record in records { database.apply(record) }
        #expect(database.jsonValue == once)
        #expect(once["users"] == [["id": 1, "name": "Ada L."], ["id": 3, "name": "Edsger"]])
        #expect(once["posts"] == [["id": 1, "userId": 1]])
        #expect(once["tags"] == [["id": 1]])
        #expect(once["profile"] == ["name": "new"])
    }
}

/// `replaceAll` (a reset, a snapshot restored): one record that swaps the whole data.
struct JournalReplaceAllTests {
    @Test func replayingReplaceAllLeavesExactlyItsDataWhateverCameBefore() throws {
        var database = Database(try JSON.parse(seed).objectValue!)
        database.apply(JournalRecord([.put(collection: "tags", item: ["id": 1])]))
        let data: JSONValue = ["posts": [["id": 7, "userId": 1]], "profile": ["name": "reset"]]
        let records = [
            JournalRecord([.replaceAll(Database(data.objectValue!))]),
            JournalRecord([.put(collection: "posts", item: ["id": 8])]),
        ]
        for record in records { database.apply(record) }
        let once = database.jsonValue
        for record in records { database.apply(record) }
        #expect(database.jsonValue == once)
        #expect(once == ["posts": [["id": 7, "userId": 1], ["id": 8]], "profile": ["name": "reset"]])
        #expect(database.collection("posts")?.newID() == 9)
    }

    @Test func replaceAllIsOneDurableRecord() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let start = store.startingData()
        _ = try await store.create(in: "users", item: ["name": "Edsger"], createCollection: true)
        _ = try await store.create(in: "tags", item: ["name": "new"], createCollection: true)
        try await store.replaceAll(with: start)
        #expect(store.wholeDatabase() == start.jsonValue)
        #expect(store.item(in: "users", id: "3") == nil)
        #expect(store.startingData().jsonValue == start.jsonValue)
        let journal = directory.read("db.json.journal") ?? ""
        #expect(journal.split(separator: "\n").count == 3, "one record for the whole swap")
        #expect(journal.split(separator: "\n").last?.contains("\"replaceAll\"") == true)
        await store.flush()
        #expect(try JSON.parse(directory.read("db.json") ?? "") == start.jsonValue)
    }

    /// Killed after a reset was acknowledged, before the rewrite: the next start replays it.
    @Test func aStartReplaysAReset() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        directory.write(
            "db.json.journal",
            line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])])
                + line([.replaceAll(Database(["users": [["id": 1, "name": "Ada"]]]))])
                + line([.put(collection: "users", item: ["id": 2, "name": "Lin"])]))
        let store = try JSONFileStore(path: directory.file("db.json"))
        #expect(store.wholeDatabase() == ["users": [["id": 1, "name": "Ada"], ["id": 2, "name": "Lin"]]])
        #expect(try users(directory) == ["Ada", "Lin"])
        #expect(store.startingData().jsonValue == store.wholeDatabase(), "the start is after the replay")
    }
}

/// The journal in the store: acknowledgement, rewrite, truncation, and each point a crash can stop the server at.
struct JournalCrashTests {
    @Test func aWriteIsInTheJournalWhenAcknowledgedAndTheJournalEmptiesOnlyAfterTheRewrite() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.create(in: "users", item: ["name": "Edsger"], createCollection: true)
        #expect(directory.read("db.json.journal")?.contains("Edsger") == true, "durable before it is answered")
        await store.flush()
        #expect(try users(directory) == ["Ada", "Grace", "Edsger"])
        #expect(directory.read("db.json.journal") == "", "dropped once the file holds it")
    }

    /// Killed after the journal append (acknowledged or not): the next start replays it onto the file.
    @Test func journalLeftByACrashIsReplayedOntoTheFileBeforeServing() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        directory.write(
            "db.json.journal",
            line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])])
                + line([
                    .delete(collection: "users", id: "1"),
                    .deleteChildren(collection: "posts", field: "userId", id: "1"),
                ])
                + "0123")
        let logged = LogLines()
        let store = try JSONFileStore(path: directory.file("db.json")) { logged.append($0) }
        #expect(store.item(in: "users", id: "3") != nil)
        #expect(store.item(in: "users", id: "1") == nil)
        #expect(try users(directory) == ["Grace", "Edsger"], "the file holds the writes before anything is served")
        #expect(try JSON.parse(directory.read("db.json") ?? "")["posts"] == [["id": 2, "userId": 2]])
        #expect(directory.read("db.json.journal") == "")
        #expect(logged.lines.contains { $0.contains("recovered 2 writes from db.json.journal") }, "\(logged.lines)")
        #expect(logged.lines.contains { $0.contains("torn end of db.json.journal (4 bytes") }, "\(logged.lines)")
    }

    /// Killed between writing the rewrite's temporary file and renaming it: the temporary file goes, the journal
    /// still has everything.
    @Test func crashBeforeTheRenameLosesNothing() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        directory.write(".db.json.api-save-0.tmp", "{\"users\": [")
        directory.write("db.json.journal", line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])]))
        _ = try JSONFileStore(path: directory.file("db.json"))
        #expect(try users(directory) == ["Ada", "Grace", "Edsger"])
        #expect(directory.names() == ["db.json", "db.json.journal"])
    }

    /// Killed after the rename, before the journal was emptied: the file already has the records; replaying them
    /// again duplicates nothing.
    @Test func crashAfterTheRenameBeforeTheTruncationDuplicatesNothing() throws {
        let directory = TemporaryDirectory()
        directory.write(
            "db.json",
            seed.replacingOccurrences(
                #"{ "id": 2, "name": "Grace" }"#, #"{ "id": 2, "name": "Grace" }, { "id": 3, "name": "Edsger" }"#))
        directory.write("db.json.journal", line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])]))
        _ = try JSONFileStore(path: directory.file("db.json"))
        #expect(try users(directory) == ["Ada", "Grace", "Edsger"])
    }

    /// Killed while dropping the journal's first records (its temporary copy written, not renamed): the old
    /// journal is whole and is replayed; the copy goes.
    @Test func crashDuringTheJournalTruncationLosesNothing() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        directory.write("db.json.journal", line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])]))
        directory.write(".db.json.journal.api-save-0.tmp", "")
        _ = try JSONFileStore(path: directory.file("db.json"))
        #expect(try users(directory) == ["Ada", "Grace", "Edsger"])
        #expect(directory.names() == ["db.json", "db.json.journal"])
    }

    /// Killed during the replay of a start (before its rewrite was renamed): the next start replays again.
    @Test func crashDuringReplayIsReplayedAgain() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        let journal = line([.put(collection: "users", item: ["id": 3, "name": "Edsger"])])
        directory.write("db.json.journal", journal)
        directory.write(".db.json.api-save-0.tmp", seed)
        _ = try JSONFileStore(path: directory.file("db.json"))
        #expect(try users(directory) == ["Ada", "Grace", "Edsger"])
        #expect(directory.read("db.json.journal") == "")
    }

    @Test func writesDuringARewriteStayInTheJournalUntilTheNextOne() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", seed)
        let store = try JSONFileStore(path: directory.file("db.json"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask {
                    _ = try await store.create(in: "users", item: ["n": .number(JSONNumber(n))], createCollection: true)
                    if n % 50 == 0 { await store.flush() }
                }
            }
            try await group.waitForAll()
        }
        // Whatever the interleaving, replaying what the journal holds onto the file gives the data in memory.
        var replayed = try parseDatabase(Array((directory.read("db.json") ?? "").utf8), displayName: "db.json")
        for record in try JournalFile(forDatabase: directory.file("db.json")).read().records { replayed.apply(record) }
        #expect(replayed.jsonValue == store.wholeDatabase())
        await store.flush()
        #expect(try users(directory).count == 2)
        #expect(try JSON.parse(directory.read("db.json") ?? "")["users"]?.arrayValue?.count == 202)
    }
}
