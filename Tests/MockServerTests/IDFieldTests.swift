import JSON
import Testing

@testable import MockServer

/// Ids: the field that holds them (`--id`), and the type of new ones.
struct IDFieldTests {
    /// The file loader finds the id field on each item's line, in both of its paths: the canonical text (the
    /// formatter's layout) and the parser's value (text the formatter refuses, here a repeated top-level name).
    @Test(arguments: [
        #"{"posts": [{"title": "a", "_id": "x1", "id": 9}, {"_id": 2}]}"#,
        #"{"posts": [], "posts": [{"title": "a", "_id": "x1", "id": 9}, {"_id": 2}]}"#,
    ])
    func loaderKeysItemsByTheIDField(text: String) throws {
        let database = try parseDatabase(Array(text.utf8), displayName: "db.json", idField: "_id")
        let posts = try #require(database.collection("posts"))
        #expect(posts.item(withID: "x1")?.value["title"] == "a")
        #expect(posts.item(withID: "2") != nil)
        #expect(posts.item(withID: "9") == nil, "id is an ordinary field")
        #expect(database.idField == "_id")
        let plain = try parseDatabase(Array(text.utf8), displayName: "db.json")
        #expect(plain.collection("posts")?.item(withID: "9") != nil)
    }

    /// Ids in a collection, and the new id it gives (nil: a random string).
    static let newIDCases: [(ids: [JSONValue], expected: JSONValue?)] = [
        ([1, 2], 3),
        (["1", "2"], "3"),
        (["9", "10"], "11"),
        ([1, "2"], 3),
        (["a", "2"], nil),
        ([], 1),
    ]

    @Test(arguments: newIDCases)
    func newIDsKeepTheTypeOfTheIDs(ids: [JSONValue], expected: JSONValue?) {
        let collection = ItemCollection(ids.map { ["id": $0] })
        let id = collection.newID()
        if let expected {
            #expect(id == expected)
        } else {
            #expect(id.stringValue?.count == 8, "random: \(id)")
        }
    }

    @Test func newIDIsAStringAfterTheNumberIDsAreGone() {
        var collection = ItemCollection([["id": "1"], ["id": 2]])
        #expect(collection.newID() == 3)
        collection.remove(atSlot: 1)
        #expect(collection.newID() == "3", "only string ids left; 2 is not handed out again")
    }

    @Test func storeWritesUseTheIDField() async throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", #"{"posts": [{"_id": 1, "title": "a"}]}"#)
        let store = try JSONFileStore(path: directory.file("db.json"), idField: "_id")
        let (key, created) = try await store.create(in: "posts", item: ["title": "b"], createCollection: false)
        #expect(key == "2")
        #expect(created.value == ["_id": 2, "title": "b"])
        let put = try await store.update(
            in: "posts", id: "1", with: ["_id": 7, "title": "c"], mode: .replace, ifMatch: nil)
        #expect(put.value == ["_id": 1, "title": "c"])
        let patched = try await store.update(in: "posts", id: "2", with: ["_id": 7], mode: .merge, ifMatch: nil)
        #expect(patched.value == ["_id": 2, "title": "b"])
        await #expect(throws: StoreError.duplicateID("2")) {
            try await store.create(in: "posts", item: ["_id": 2], createCollection: false)
        }
        await store.flush()
        let reopened = try JSONFileStore(path: directory.file("db.json"), idField: "_id")
        #expect(reopened.item(in: "posts", id: "2")?.value == ["_id": 2, "title": "b"])
    }

    @Test func journalReplayUsesTheIDField() throws {
        let directory = TemporaryDirectory()
        directory.write("db.json", #"{"posts": [{"_id": 1, "title": "a"}]}"#)
        let records = [
            JournalRecord([.put(collection: "posts", item: ["_id": 1, "title": "changed"])]),
            JournalRecord([.put(collection: "posts", item: ["_id": 2, "title": "new"])]),
            JournalRecord([.replaceAll(Database(["posts": [["_id": "k", "title": "reset"]]]))]),
            JournalRecord([.put(collection: "posts", item: ["_id": "k", "title": "after"])]),
        ]
        directory.write("db.json.journal", records.map { String(decoding: $0.line, as: UTF8.self) }.joined())
        let store = try JSONFileStore(path: directory.file("db.json"), idField: "_id")
        #expect(store.wholeDatabase() == ["posts": [["_id": "k", "title": "after"]]])
        #expect(store.item(in: "posts", id: "k") != nil)
    }
}
