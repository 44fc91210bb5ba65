import JSON

/// Serialized items and the file's text, cached per item and per resource and invalidated on change.
extension JSONFileStore {
    func changed(_ name: String, item id: String? = nil, allItems: Bool = false) {
        resourceCache[name] = nil
        segmentCache[name] = nil
        if allItems {
            itemCache[name] = nil
            published.withdrawAll(in: name)
        }
        if let id {
            itemCache[name]?[id] = nil
            published.withdraw(in: name, id: id)
        }
    }

    /// An item was appended to collection `name`: extend its cached file segment instead of rebuilding it, so a
    /// save after a create copies no other item's bytes.
    func appended(_ name: String, fileBytes: [UInt8]) {
        resourceCache[name] = nil
        guard var segment = segmentCache.removeValue(forKey: name) else { return }
        segment.appendItem(fileBytes)
        segmentCache[name] = segment
    }

    func clearCaches() {
        published.withdrawAll()
        itemCache = [:]
        resourceCache = [:]
        segmentCache = [:]
    }

    /// The cached serialization of an item with an id, filled on first use.
    func cachedItem(_ name: String, id: String, value: JSONValue) -> CachedItem {
        if let cached = itemCache[name]?[id] { return cached }
        let bytes = prettyBytes(value)
        var fileBytes: [UInt8] = []
        fileBytes.reserveCapacity(bytes.count + bytes.count / 4)
        appendIndented(bytes, by: 4, to: &fileBytes)
        let entry = CachedItem(representation: Representation(bytes: bytes), fileBytes: fileBytes)
        itemCache[name, default: [:]][id] = entry
        published.publish(entry.representation, in: name, id: id)
        return entry
    }

    /// The file bytes of an item at `position`: cached when it is the one its id finds.
    func fileBytes(ofItemAt position: Int, in name: String, _ collection: ItemCollection) -> [UInt8] {
        let item = collection.items[position]
        if let key = ItemCollection.key(of: item), collection.position(ofID: key) == position {
            return cachedItem(name, id: key, value: item).fileBytes
        }
        var bytes: [UInt8] = []
        appendIndented(prettyBytes(item), by: 4, to: &bytes)
        return bytes
    }

    /// A collection as a response: `[`, items two spaces in, `]`.
    func collectionBytes(_ name: String, _ collection: ItemCollection) -> [UInt8] {
        guard !collection.items.isEmpty else { return Array("[]".utf8) }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for position in collection.items.indices {
            bytes.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
            let item = collection.items[position]
            if let key = ItemCollection.key(of: item), collection.position(ofID: key) == position {
                appendIndented(
                    cachedItem(name, id: key, value: item).representation.body.readableBytesView, by: 2, to: &bytes)
            } else {
                appendIndented(prettyBytes(item), by: 2, to: &bytes)
            }
        }
        bytes.append(contentsOf: "\n]".utf8)
        return bytes
    }

    /// A resource's value as it appears in the file, after `"name": `.
    func segment(_ name: String) -> FileSegment {
        if let cached = segmentCache[name] { return cached }
        var segment: FileSegment
        switch database[name]! {
        case .collection(let collection):
            segment = FileSegment(collection: ())
            for position in collection.items.indices {
                segment.appendItem(fileBytes(ofItemAt: position, in: name, collection))
            }
        case .document(let value):
            var bytes: [UInt8] = []
            appendIndented(prettyBytes(value), by: 2, to: &bytes)
            segment = FileSegment(document: bytes)
        }
        segmentCache[name] = segment
        return segment
    }

    /// The whole file, in chunks: the same bytes as pretty-printing the database, plus a final newline.
    func fileChunks() -> [[UInt8]] {
        guard !database.names.isEmpty else { return [Array("{}\n".utf8)] }
        var chunks: [[UInt8]] = []
        var glue: [UInt8] = [UInt8(ascii: "{")]
        for (position, name) in database.names.enumerated() {
            let segment = segment(name)
            glue.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
            glue.append(contentsOf: prettyBytes(.string(name)))
            glue.append(contentsOf: ": ".utf8)
            chunks.append(glue)
            chunks.append(contentsOf: segment.chunks)
            glue = Array(segment.closing.utf8)
        }
        glue.append(contentsOf: "\n}\n".utf8)
        chunks.append(glue)
        return chunks
    }
}
