import JSON
import NIOCore

/// A response body and its strong ETag.
struct Representation: Sendable {
    let body: ByteBuffer
    let etag: String

    init(bytes: [UInt8]) {
        body = ByteBuffer(bytes: bytes)
        etag = entityTag(bytes)
    }

    init(_ item: StoredItem) { self.init(bytes: item.bytes) }
}

/// A collection answer's body: the items as a pretty array, or the v1 page envelope around them.
func answerBytes(_ answer: QueryAnswer) -> [UInt8] {
    let array = arrayBytes(answer.items)
    guard case .envelope? = answer.paging, let page = answer.page else { return array }
    // The envelope's last member is `data`: write it with an empty array, then put the items in its place.
    var bytes = prettyBytes(page.envelope([]))
    let emptyEnd = Array("[]\n}".utf8)
    guard bytes.count >= emptyEnd.count, bytes.suffix(emptyEnd.count).elementsEqual(emptyEnd) else {
        return prettyBytes(page.envelope(answer.items.map(\.value)))
    }
    bytes.removeLast(emptyEnd.count)
    appendIndented(array, by: 2, to: &bytes)
    bytes.append(contentsOf: "\n}".utf8)
    return bytes
}

/// Items as a pretty array: `[`, each item two spaces in, `]`.
func arrayBytes(_ items: [StoredItem]) -> [UInt8] {
    guard !items.isEmpty else { return Array("[]".utf8) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(items.reduce(16) { $0 + $1.bytes.count + $1.bytes.count / 8 + 4 })
    bytes.append(UInt8(ascii: "["))
    for (position, item) in items.enumerated() {
        bytes.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
        appendIndented(item.bytes, by: 2, to: &bytes)
    }
    bytes.append(contentsOf: "\n]".utf8)
    return bytes
}
