/// One resource's value as it appears in the database file (after `"name": `), kept in chunks of bounded size.
///
/// A save writes the chunks one after the other, so no save copies the whole file into one buffer; a create
/// appends to the last chunk, so it copies at most one chunk even while a save still holds the others.
struct FileSegment {
    /// Text written as is. For a collection with items: `[`, then the items separated by `,`, each on its own
    /// line 4 spaces in, without the closing bracket (see `closing`).
    private(set) var chunks: [[UInt8]] = []
    private let isCollection: Bool
    private var isEmpty = true

    static let chunkSize = 128 * 1024

    /// An empty collection: `[]`.
    init(collection: ()) { isCollection = true }

    /// A singular resource: its pretty JSON, already indented for its place in the file.
    init(document bytes: [UInt8]) {
        isCollection = false
        isEmpty = false
        chunks = [bytes]
    }

    /// Adds an item (its pretty JSON, 4 spaces deeper after each newline) at the end of a collection.
    mutating func appendItem(_ bytes: [UInt8]) {
        precondition(isCollection)
        let separator = isEmpty ? "[\n    " : ",\n    "
        isEmpty = false
        if chunks.isEmpty || chunks[chunks.count - 1].count + bytes.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(max(Self.chunkSize, bytes.count + 8))
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(contentsOf: separator.utf8)
        chunks[chunks.count - 1].append(contentsOf: bytes)
    }

    /// What follows the chunks: the closing bracket of a collection (`[]` when it has no items).
    var closing: String {
        guard isCollection else { return "" }
        return isEmpty ? "[]" : "\n  ]"
    }
}
