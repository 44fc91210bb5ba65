import JSON
import Testing

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private let database = #"{"users": [{"id": 1, "name": "Ada"}]}"#

private func mode(_ path: String) -> mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
}

private func isLink(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
}

private func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The store's temporary files: created exclusively, never through a link, cleaned after a crash.
struct StoreTemporaryFileTests {
    @Test func linkPlantedAtTheTemporaryNameIsNotFollowed() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        directory.write("victim", "secret\n")
        let store = try JSONFileStore(path: directory.file("db.json"))
        symlink(directory.file("victim"), directory.file(".db.json.api-save-0.tmp"))
        _ = try await store.create(in: "users", item: ["name": "Grace"], createCollection: true)
        await store.flush()
        #expect(directory.read("victim") == "secret\n")
        #expect(!isLink(directory.file("db.json")))
        let users = try JSON.parse(directory.read("db.json") ?? "")["users"]?.arrayValue
        #expect(users?.count == 2)
        #expect(directory.names() == ["db.json", "db.json.journal", "victim"])
    }

    @Test func folderAtTheTemporaryNameFailsTheRewriteAndIsLeftAloneTheJournalKeepsTheWrite() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        let store = try JSONFileStore(path: directory.file("db.json"))
        mkdir(directory.file(".db.json.api-save-0.tmp"), 0o755)
        _ = try await store.create(in: "users", item: ["name": "journaled"], createCollection: true)
        await store.flush()
        #expect(directory.read("db.json") == database)
        #expect(directory.names() == [".db.json.api-save-0.tmp", "db.json", "db.json.journal"])
        #expect(directory.read("db.json.journal")?.contains("journaled") == true)
    }

    @Test func temporaryFileHasTheOriginalsModeFromTheStart() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        chmod(directory.file("db.json"), 0o600)
        let file = DurableFile(path: directory.file("db.json"))
        _ = try file.writeTemporary([Array("{}".utf8)], at: file.temporaryPath())
        #expect(mode(file.temporaryPath()) == 0o600)
        chmod(directory.file("db.json"), 0o664)
        try file.replace(with: Array("{}".utf8))
        #expect(mode(directory.file("db.json")) == 0o664, "kept exactly, whatever the umask")
    }

    @Test(arguments: [
        (".db.json.api-save-0.tmp", true),
        (".db.json.api-save-17.tmp", true),
        (".db.json.api-save-.tmp", false),
        (".db.json.api-save-x.tmp", false),
        (".db.json.api-save-0.tmp.bak", false),
        ("db.json.api-save-0.tmp", false),
        (".other.json.api-save-0.tmp", false),
        (".db.json", false),
        ("db.json", false),
    ])
    func temporaryNamePattern(name: String, matches: Bool) {
        #expect(DurableFile(path: "/data/db.json").isTemporaryName(name) == matches)
    }

    @Test func staleTemporaryFilesAreRemovedAtStartOnlyThisFilesOwn() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        directory.write("victim", "secret\n")
        let stale = [".db.json.api-save-0.tmp", ".db.json.api-save-3.tmp"]
        for name in stale { directory.write(name, String(repeating: "x", count: 10_000)) }
        symlink(directory.file("victim"), directory.file(".db.json.api-save-1.tmp"))
        let kept = [".other.json.api-save-0.tmp", ".db.json.api-save-x.tmp", "notes.tmp"]
        for name in kept { directory.write(name, "keep") }
        mkdir(directory.file(".db.json.api-save-2.tmp"), 0o755)
        let logged = LogLines()
        _ = try JSONFileStore(path: directory.file("db.json")) { logged.append($0) }
        #expect(directory.names() == ([".db.json.api-save-2.tmp", "db.json", "victim"] + kept).sorted())
        #expect(directory.read("victim") == "secret\n")
        let removed = [".db.json.api-save-0.tmp", ".db.json.api-save-1.tmp", ".db.json.api-save-3.tmp"]
        let notice = ", a temporary file left by an earlier run that stopped during a save"
        #expect(logged.lines == removed.map { "api: removed \($0)\(notice)" })
    }

    @Test func invalidFileLeavesStaleTemporaryFilesAlone() {
        let directory = TemporaryDirectory()
        directory.write("db.json", "{ not json")
        directory.write(".db.json.api-save-0.tmp", "{}")
        #expect(throws: DatabaseFileError.self) { _ = try JSONFileStore(path: directory.file("db.json")) }
        #expect(directory.names() == [".db.json.api-save-0.tmp", "db.json"])
    }
}

/// A database path that is a link, and a database we may not write.
struct StoreFileAccessTests {
    @Test func linkedDatabaseIsWrittenThroughToItsTargetAndStaysALink() async throws {
        let directory = TemporaryDirectory()
        mkdir(directory.file("data"), 0o755)
        directory.write("data/real.json", database)
        symlink("data/real.json", directory.file("db.json"))
        let before = try #require(FileIdentity.of(path: directory.file("data/real.json")))
        let store = try JSONFileStore(path: directory.file("db.json"))
        #expect(store.isWritable)
        _ = try await store.create(in: "users", item: ["name": "Grace"], createCollection: true)
        await store.flush()
        #expect(isLink(directory.file("db.json")))
        #expect(linkTarget(directory.file("db.json")) == "data/real.json")
        let users = try JSON.parse(directory.read("data/real.json") ?? "")["users"]?.arrayValue
        #expect(users?.count == 2)
        let after = try #require(FileIdentity.of(path: directory.file("data/real.json")))
        #expect(after.inode != before.inode, "replaced by a rename in the target's folder")
        #expect(directory.names() == ["data", "db.json"])
        let dataNames = folderNames(directory.file("data"))
        #expect(dataNames == ["real.json", "real.json.journal"], "the journal is beside the file written")
    }

    @Test func linkedDatabaseIsWatchedThroughTheLink() async throws {
        let directory = TemporaryDirectory()
        mkdir(directory.file("data"), 0o755)
        directory.write("data/real.json", database)
        symlink(directory.file("data/real.json"), directory.file("db.json"))
        let store = try JSONFileStore(path: directory.file("db.json"))
        directory.write("data/real.json", #"{"books": []}"#)
        await store.checkForExternalChange()
        #expect(store.snapshot().names == ["books"])
    }

    @Test func readOnlyFileIsNeverRewritten() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        chmod(directory.file("db.json"), 0o444)
        let before = FileIdentity.of(path: directory.file("db.json"))
        let store = try JSONFileStore(path: directory.file("db.json"))
        #expect(store.readOnlyReason == "\(directory.file("db.json")) is read-only")
        #expect(!store.isWritable)
        await #expect(throws: StoreError.unavailable("\(directory.file("db.json")) is read-only")) {
            _ = try await store.create(in: "users", item: ["name": "Grace"], createCollection: true)
        }
        await store.flush()
        #expect(FileIdentity.of(path: directory.file("db.json")) == before)
        #expect(mode(directory.file("db.json")) == 0o444)
        #expect(directory.read("db.json") == database)
        #expect(store.item(in: "users", id: "2") == nil)
    }

    @Test func writableFileIsWritable() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", database)
        chmod(directory.file("db.json"), 0o644)
        #expect(try JSONFileStore(path: directory.file("db.json")).readOnlyReason == nil)
    }
}
