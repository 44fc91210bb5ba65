import JSON
import NIOConcurrencyHelpers
import Testing

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#endif

private let demo = """
    {
      "users": [
        { "id": 1, "name": "Ada", "email": "ada@example.com" },
        { "id": 2, "name": "Grace" }
      ],
      "comments": [
        { "id": "a", "userId": 1, "body": "hi" },
        { "id": "b", "userId": "2", "body": "yo" },
        { "id": "c", "userId": "1", "body": "again" }
      ],
      "profile": { "name": "demo" }
    }
    """

private func object(_ value: JSONValue) -> JSONObject { value.objectValue! }

private func parsedFile(_ directory: TemporaryDirectory, _ name: String = "db.json") throws -> JSONValue {
    try JSON.parse(directory.read(name) ?? "")
}

struct StoreOpeningTests {
    @Test func missingFileIsCreatedAsAnEmptyObject() async throws {
        let directory = TemporaryDirectory()
        let store = try JSONFileStore(path: directory.file("db.json"))
        #expect(store.snapshot().names.isEmpty)
        #expect(directory.read("db.json") == "{}\n")
    }

    @Test(arguments: [
        ("{\n  \"users\": [1,]\n}", "db.json:2:15: "),
        ("[1, 2]", "db.json:1:1: the top level must be an object of resources, not an array"),
        ("\n  \"text\"", "db.json:2:3: the top level must be an object of resources, not a string"),
        ("", "db.json:1:1: "),
    ])
    func invalidFileIsRefusedAndUntouched(text: String, messageStart: String) throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", text)
        let error = #expect(throws: DatabaseFileError.self) {
            _ = try JSONFileStore(path: directory.file("db.json"))
        }
        let message = error.map { $0.description.replacingPrefix(directory.path + "/", with: "") }
        #expect(message?.hasPrefix(messageStart) == true, "\(message ?? "")")
        #expect(directory.read("db.json") == text)
    }
}

struct StoreWriteTests {
    @Test func savedFileIsPrettyInOriginalKeyOrderAndMatchesTheWriter() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.create(in: "users", item: object(["name": "Edsger", "age": 72]), createCollection: true)
        await store.flush()
        let text = try #require(directory.read("db.json"))
        let expected = prettyBytes(store.snapshot().jsonValue) + Array("\n".utf8)
        #expect(text == String(decoding: expected, as: UTF8.self))
        #expect(text.contains("    {\n      \"id\": 3,\n      \"name\": \"Edsger\",\n      \"age\": 72\n    }"))
        let names = try parsedFile(directory).objectValue?.keys.map { $0 }
        #expect(names == ["users", "comments", "profile"])
    }

    @Test func consecutiveWritesKeepTheFileIdenticalToTheWriter() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo.replacingOccurrences("\"profile\"", "\"empty\": [],\n  \"profile\""))
        let store = try JSONFileStore(path: directory.file("db.json"))
        for n in 0..<3 {
            _ = try await store.create(in: "users", item: ["n": .number(JSONNumber(n))], createCollection: true)
            _ = try await store.create(in: "empty", item: ["n": .number(JSONNumber(n))], createCollection: true)
            _ = try await store.create(in: "fresh", item: ["n": .number(JSONNumber(n))], createCollection: true)
            _ = try await store.update(
                in: "users", id: "1", with: ["n": .number(JSONNumber(n))], mode: .merge, ifMatch: nil)
            await store.flush()
            let expected = prettyBytes(store.snapshot().jsonValue) + Array("\n".utf8)
            #expect(directory.read("db.json") == String(decoding: expected, as: UTF8.self))
        }
        _ = try await store.delete(in: "users", id: "2", dependents: [], ifMatch: nil)
        _ = try await store.create(in: "users", item: ["last": true], createCollection: true)
        await store.flush()
        let expected = prettyBytes(store.snapshot().jsonValue) + Array("\n".utf8)
        #expect(directory.read("db.json") == String(decoding: expected, as: UTF8.self))
        #expect(store.snapshot().collection("users")?.count == 5)
    }

    @Test func integerIDsAreMaxPlusOneAndNumbersStayNumbers() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let (id, _) = try await store.create(in: "users", item: [:], createCollection: true)
        #expect(id == "3")
        await store.flush()
        #expect(try parsedFile(directory)["users"]?.arrayValue?.last?["id"] == 3)
        _ = try await store.delete(in: "users", id: "3", dependents: [], ifMatch: nil)
        let (next, _) = try await store.create(in: "users", item: [:], createCollection: true)
        #expect(next == "4", "a deleted id is not handed out again")
    }

    @Test func stringIDsAreRandomURLSafeStrings() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let (id, _) = try await store.create(in: "comments", item: ["body": "new"], createCollection: true)
        #expect(id.count == 8)
        #expect(
            id.utf8.allSatisfy {
                $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
            })
        await store.flush()
        let stored = try parsedFile(directory)["comments"]?.arrayValue?.last
        #expect(stored?["id"] == .string(id))
        #expect(stored?.objectValue?.keys.first == "id")
    }

    @Test func clientIDIsKeptWhenFreeAndRefusedWhenUsed() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let (id, _) = try await store.create(in: "users", item: ["id": 10, "name": "X"], createCollection: true)
        #expect(id == "10")
        await #expect(throws: StoreError.duplicateID("1")) {
            _ = try await store.create(in: "users", item: ["id": "1"], createCollection: true)
        }
        await #expect(throws: StoreError.badRequest("id must be a string or a number, not array")) {
            _ = try await store.create(in: "users", item: ["id": [1]], createCollection: true)
        }
    }

    @Test func postToUnknownNameCreatesTheCollectionUnlessStrict() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        await #expect(throws: StoreError.notFound) {
            _ = try await store.create(in: "tags", item: ["name": "x"], createCollection: false)
        }
        let (id, _) = try await store.create(in: "tags", item: ["name": "x"], createCollection: true)
        #expect(id == "1")
        await store.flush()
        #expect(try parsedFile(directory)["tags"] == [["id": 1, "name": "x"]])
        await #expect(throws: StoreError.wrongKind("profile")) {
            _ = try await store.create(in: "profile", item: [:], createCollection: true)
        }
    }

    @Test func putReplacesKeepingTheIDAndPatchMerges() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.update(in: "users", id: "1", with: ["name": "A", "id": 99], mode: .replace, ifMatch: nil)
        #expect(store.snapshot().collection("users")?.item(withID: "1")?.value == ["name": "A", "id": 1])
        _ = try await store.update(in: "users", id: "2", with: ["age": 85, "name": "G"], mode: .merge, ifMatch: nil)
        #expect(
            store.snapshot().collection("users")?.item(withID: "2")?.value == ["id": 2, "name": "G", "age": 85])
        _ = try await store.updateDocument("profile", with: ["theme": "dark"], mode: .merge, ifMatch: nil)
        await store.flush()
        #expect(try parsedFile(directory)["profile"] == ["name": "demo", "theme": "dark"])
        _ = try await store.updateDocument("profile", with: ["x": 1], mode: .replace, ifMatch: nil)
        await store.flush()
        #expect(try parsedFile(directory)["profile"] == ["x": 1])
    }

    @Test func everyItemIsReadableAtOnceAfterOpening() async throws {
        let directory = TemporaryDirectory()
        let items = (1...5000).map { "{\"id\": \($0)}" }.joined(separator: ",")
        directory.write("db.json", "{\"a\": [\(items)], \"b\": [{\"id\": \"x\"}], \"c\": {}}")
        let store = try JSONFileStore(path: directory.file("db.json"))
        let reads = try #require(store.immediateReads)
        #expect(reads.item(in: "a", id: "1500")?.value == ["id": 1500])
        #expect(reads.item(in: "a", id: "5000") != nil)
        #expect(reads.item(in: "b", id: "x") != nil)
        #expect(reads.item(in: "c", id: "x") == nil)
    }

    @Test func idLookupMatchesNumbersAndStrings() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", #"{"a": [{"id": 1}, {"id": "x"}, {"id": 2.0}]}"#)
        let store = try JSONFileStore(path: directory.file("db.json"))
        #expect(store.item(in: "a", id: "1") != nil)
        #expect(store.item(in: "a", id: "x") != nil)
        #expect(store.item(in: "a", id: "2") != nil)
        #expect(store.item(in: "a", id: "3") == nil)
    }

    @Test func deleteRemovesOnlyThatItemUnlessDependentsAreNamed() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.delete(in: "users", id: "2", dependents: [], ifMatch: nil)
        await store.flush()
        #expect(try parsedFile(directory)["comments"]?.arrayValue?.count == 3)
        _ = try await store.delete(in: "users", id: "1", dependents: ["comments"], ifMatch: nil)
        await store.flush()
        #expect(try parsedFile(directory)["comments"] == [["id": "b", "userId": "2", "body": "yo"]])
        #expect(try parsedFile(directory)["users"] == [])
        await #expect(throws: StoreError.notFound) {
            _ = try await store.delete(in: "users", id: "1", dependents: [], ifMatch: nil)
        }
    }

    @Test func ifMatchGuardsWrites() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let etag = try #require(store.item(in: "users", id: "1")?.etag)
        let updated = try await store.update(
            in: "users", id: "1", with: ["age": 36], mode: .merge, ifMatch: ETagCondition([etag]))
        #expect(updated.etag != etag)
        await #expect(throws: StoreError.preconditionFailed(currentETag: updated.etag)) {
            _ = try await store.update(
                in: "users", id: "1", with: ["age": 37], mode: .merge, ifMatch: ETagCondition([etag]))
        }
        await #expect(throws: StoreError.preconditionFailed(currentETag: updated.etag)) {
            _ = try await store.delete(in: "users", id: "1", dependents: [], ifMatch: ETagCondition([etag]))
        }
        _ = try await store.delete(in: "users", id: "1", dependents: [], ifMatch: ETagCondition(["*"]))
    }
}

struct StoreDurabilityTests {
    @Test func concurrentCreatesAreGroupedIntoFewerSyncs() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", #"{"users": []}"#)
        let store = try JSONFileStore(path: directory.file("db.json"))
        let count = 300
        try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<count {
                group.addTask {
                    try await store.create(in: "users", item: ["n": .number(JSONNumber(n))], createCollection: true).id
                }
            }
            var ids = Set<String>()
            for try await id in group { ids.insert(id) }
            #expect(ids.count == count)
        }
        let syncs = try #require(store.journal).syncCount
        #expect(syncs < count, "\(syncs) journal syncs for \(count) writes")
        await store.flush()
        let saved = try parsedFile(directory)["users"]?.arrayValue ?? []
        #expect(saved.count == count)
        #expect(Set(saved.compactMap { $0["id"].flatMap(idKey) }).count == count)
    }

    @Test func saveReplacesTheFileAndLeavesNoTemporaryFile() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let before = try #require(FileIdentity.of(path: directory.file("db.json")))
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.create(in: "users", item: ["name": "new"], createCollection: true)
        await store.flush()
        let after = try #require(FileIdentity.of(path: directory.file("db.json")))
        #expect(after.inode != before.inode, "saved by renaming a new file over the old one")
        #expect(directory.names() == ["db.json", "db.json.journal"])
        await store.close()
        #expect(directory.names() == ["db.json"], "a clean stop leaves no empty journal behind")
    }

    @Test func failedJournalWriteAnswers500PutsMemoryBackAndRefusesWrites() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        // A folder where the journal should go makes its first append fail.
        mkdir(directory.file("db.json.journal"), 0o755)
        await #expect {
            _ = try await store.create(in: "users", item: ["name": "lost"], createCollection: true)
        } throws: { error in
            if case .saveFailed(let message)? = error as? StoreError { return message.contains("db.json.journal") }
            return false
        }
        #expect(store.snapshot().collection("users")?.count == 2, "the failed write is not kept")
        #expect(store.item(in: "users", id: "3") == nil)
        #expect(directory.read("db.json") == demo)
        await #expect {
            _ = try await store.create(in: "users", item: ["name": "refused"], createCollection: true)
        } throws: { error in
            if case .unavailable? = error as? StoreError { return true }
            return false
        }
    }

    @Test func writeAfterAnUnnoticedInvalidEditIsKeptAndTheEditNeverOverwritten() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        _ = try await store.create(in: "users", item: ["name": "saved"], createCollection: true)
        await store.flush()
        directory.write("db.json", "{ not json")
        // Acknowledged: the journal has it. The rewrite finds the file changed and does not replace it.
        _ = try await store.create(in: "users", item: ["name": "journaled"], createCollection: true)
        await store.flush()
        #expect(directory.read("db.json") == "{ not json")
        #expect(store.unavailableReason?.contains("db.json:1:3") == true)
        // Fixing the file brings the journaled write back on top of the fixed content.
        directory.write("db.json", #"{"users": [{"id": 1, "name": "fixed"}]}"#)
        await store.checkForExternalChange()
        await store.flush()
        let names = try parsedFile(directory)["users"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["fixed", "journaled"])
    }

    @Test func externalEditIsReloaded() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let store = try JSONFileStore(path: directory.file("db.json"))
        directory.write("db.json", #"{"books": [{"id": 1, "title": "Dune"}]}"#)
        await store.checkForExternalChange()
        #expect(store.snapshot().names == ["books"])
        #expect(store.item(in: "books", id: "1") != nil)
        let (id, _) = try await store.create(in: "books", item: ["title": "Emma"], createCollection: true)
        #expect(id == "2")
        await store.flush()
        #expect(try parsedFile(directory)["books"]?.arrayValue?.count == 2)
    }

    @Test func invalidEditKeepsLastGoodDataRefusesWritesAndIsNeverOverwritten() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let logged = LogLines()
        let store = try JSONFileStore(path: directory.file("db.json")) { logged.append($0) }
        let broken = "{\n  \"users\": [\n    {\"id\": 1,}\n  ]\n}\n"
        directory.write("db.json", broken)
        await store.checkForExternalChange()
        #expect(store.snapshot().collection("users")?.count == 2)
        #expect(logged.lines.contains { $0.contains("db.json:3:14: ") }, "\(logged.lines)")
        await #expect {
            _ = try await store.create(in: "users", item: ["name": "lost"], createCollection: true)
        } throws: { error in
            if case .unavailable(let reason)? = error as? StoreError { return reason.contains("db.json:3:") }
            return false
        }
        await store.flush()
        #expect(directory.read("db.json") == broken)
        // Fixing the file makes it writable again, with the fixed content.
        directory.write("db.json", #"{"users": [{"id": 1, "name": "fixed"}]}"#)
        await store.checkForExternalChange()
        let (id, _) = try await store.create(in: "users", item: ["name": "after"], createCollection: true)
        #expect(id == "2")
        await store.flush()
        #expect(try parsedFile(directory)["users"]?.arrayValue?.first?["name"] == "fixed")
    }

    @Test func writeAfterAnUnnoticedExternalEditIsReplayedOntoTheEdit() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", demo)
        let logged = LogLines()
        let store = try JSONFileStore(path: directory.file("db.json")) { logged.append($0) }
        let edited = #"{"users": [{"id": 7, "name": "hand edit"}]}"#
        directory.write("db.json", edited)
        let (id, _) = try await store.create(in: "users", item: ["name": "x"], createCollection: true)
        #expect(id == "3")
        await store.flush()
        #expect(store.item(in: "users", id: "7") != nil, "the edit is loaded")
        #expect(store.item(in: "users", id: "3") != nil, "the acknowledged write is kept")
        #expect(store.item(in: "users", id: "1") == nil)
        let names = try parsedFile(directory)["users"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["hand edit", "x"])
        #expect(
            logged.lines.contains { $0.contains("1 journaled writes it did not hold re-applied") }, "\(logged.lines)")
    }
}

/// Collects log lines from the store.
final class LogLines: Sendable {
    private let storage = NIOLockedValueBox<[String]>([])

    func append(_ line: String) { storage.withLockedValue { $0.append(line) } }
    var lines: [String] { storage.withLockedValue { $0 } }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}

struct DurableFileTests {
    @Test(arguments: [0, 1, 4095, 4096, 4097, 200_000])
    func readsWholeFiles(size: Int) throws {
        let directory = TemporaryDirectory()
        let text = String(repeating: "x", count: size)
        directory.write("f", text)
        let (bytes, identity) = try DurableFile(path: directory.file("f")).read()
        #expect(bytes.count == size)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
        #expect(identity.size == Int64(size))
    }

    @Test func replaceWritesChunksInOrderAndKeepsPermissions() throws {
        let directory = TemporaryDirectory()
        directory.write("f", "old")
        chmod(directory.file("f"), 0o600)
        let file = DurableFile(path: directory.file("f"))
        try file.replace(with: Array("new text".utf8))
        #expect(directory.read("f") == "new text")
        var status = stat()
        stat(directory.file("f"), &status)
        #expect(status.st_mode & 0o777 == 0o600)
        _ = try file.writeTemporary([Array("a".utf8), Array("bc".utf8), [], Array("d".utf8)], at: file.temporaryPath())
        try file.install(temporary: file.temporaryPath())
        #expect(directory.read("f") == "abcd")
        #expect(directory.names() == ["f"])
    }
}
