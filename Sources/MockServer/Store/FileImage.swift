import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the database file is rewritten from: the resources in order, sharing the store's item storage (a
/// copy-on-write copy taken under the store's lock, so writes go on while the file is written).
struct FileImage: Sendable {
    enum Part: Sendable {
        case collection(ChunkedArray<StoredItem?>)
        case document(JSONValue)
    }

    let parts: [(name: String, part: Part)]

    init(_ database: Database) {
        parts = database.names.map { name in
            switch database[name]! {
            case .collection(let collection): (name, .collection(collection.itemSlots))
            case .document(let value): (name, .document(value))
            }
        }
    }

    /// The file's text, handed to `emit` in pieces of about `bufferSize` bytes: pretty JSON, 2 spaces, the
    /// resources in order, each item 4 spaces in, and a final newline.
    func write(bufferSize: Int = 1 << 20, _ emit: ([UInt8]) throws(FileError) -> Void) throws(FileError) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bufferSize + 4096)
        guard !parts.isEmpty else { return try emit(Array("{}\n".utf8)) }
        buffer.append(UInt8(ascii: "{"))
        for (position, (name, part)) in parts.enumerated() {
            buffer.append(contentsOf: position == 0 ? "\n  ".utf8 : ",\n  ".utf8)
            buffer.append(contentsOf: prettyBytes(.string(name)))
            buffer.append(contentsOf: ": ".utf8)
            switch part {
            case .document(let value):
                appendIndented(prettyBytes(value), by: 2, to: &buffer)
            case .collection(let slots):
                var first = true
                var failure: FileError?
                slots.forEach { _, item in
                    guard let item else { return true }
                    buffer.append(contentsOf: first ? "[\n    ".utf8 : ",\n    ".utf8)
                    first = false
                    appendIndented(item.bytes, by: 4, to: &buffer)
                    if buffer.count >= bufferSize {
                        do throws(FileError) { try emit(buffer) } catch {
                            failure = error
                            return false
                        }
                        buffer.removeAll(keepingCapacity: true)
                    }
                    return true
                }
                if let failure { throw failure }
                buffer.append(contentsOf: first ? "[]".utf8 : "\n  ]".utf8)
            }
        }
        buffer.append(contentsOf: "\n}\n".utf8)
        try emit(buffer)
    }

    /// Replaces `file` with this image crash-safely (temporary file, fsync, rename, fsync of the folder), unless
    /// the file on disk is no longer `expected` (someone edited it): then nothing is written over it and the
    /// answer is nil. Returns the new file's identity.
    func replace(_ file: DurableFile, expecting expected: FileIdentity?) throws(FileError) -> FileIdentity? {
        let temporary = file.temporaryPath()
        let identity = try file.writeTemporary(at: temporary) { (descriptor) throws(FileError) in
            try write { (piece) throws(FileError) in try writeAll(piece, to: descriptor, path: temporary) }
        }
        guard FileIdentity.of(path: file.path) == expected else {
            unlink(temporary)
            return nil
        }
        try file.install(temporary: temporary)
        return identity
    }
}
