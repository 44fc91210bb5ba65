import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses database text: valid JSON whose top level is an object.
///
/// The text is first put in the store's own layout by the streaming formatter (one validating pass, no tree), and
/// each collection's items are cut out of that text as they are: nothing is parsed into values but singular
/// resources and ids. Text the formatter refuses, or whose top level is not one object, goes through the parser
/// instead, for its error message with line and column.
///
/// `idField` is the member that is an item's id (`id`, or the `--id` field).
func parseDatabase(_ bytes: [UInt8], displayName: String, idField: String = "id") throws(DatabaseFileError)
    -> Database
{
    var formatter = JSONStreamFormatter(indent: 2)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count + bytes.count / 4 + 16)
    do {
        try formatter.feed(bytes, into: &text)
        try formatter.finish(into: &text)
    } catch {
        return try parseDatabaseValue(bytes, displayName: displayName, idField: idField)
    }
    let resources = text.withUnsafeBufferPointer { buffer in
        var reader = CanonicalDatabaseText(buffer, idField: idField)
        return reader.resources()
    }
    guard let resources else { return try parseDatabaseValue(bytes, displayName: displayName, idField: idField) }
    return Database(resources: resources, idField: idField)
}

/// Parses database text into a value first: slower, but with the parser's error messages.
func parseDatabaseValue(_ bytes: [UInt8], displayName: String, idField: String = "id") throws(DatabaseFileError)
    -> Database
{
    let value: JSONValue
    do {
        value = try JSON.parse(bytes)
    } catch {
        throw DatabaseFileError(path: displayName, line: error.line, column: error.column, message: error.message)
    }
    guard case .object(let object) = value else {
        let (line, column) = firstValuePosition(bytes)
        throw DatabaseFileError(
            path: displayName, line: line, column: column,
            message: "the top level must be an object of resources, not \(article(value.typeName))")
    }
    return Database(object, idField: idField)
}

private func article(_ typeName: String) -> String {
    typeName == "array" ? "an array" : "a \(typeName)"
}

/// The 1-based line and byte column of the first non-whitespace byte.
private func firstValuePosition(_ bytes: [UInt8]) -> (Int, Int) {
    var line = 1
    var column = 1
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\n"):
            line += 1
            column = 1
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            column += 1
        default:
            return (line, column)
        }
    }
    return (line, column)
}

/// Database text in the formatter's pretty layout (2 spaces), read line by line. Raw newlines only separate
/// tokens in that layout (strings escape theirs), so lines and their indentation give the structure: members of
/// the top-level object are 2 spaces in, a collection's items 4.
private struct CanonicalDatabaseText {
    let text: UnsafeBufferPointer<UInt8>
    var position = 0
    /// `      "id": `: an item's id member as the layout writes it, 6 spaces in.
    let idPrefix: [UInt8]

    init(_ text: UnsafeBufferPointer<UInt8>, idField: String) {
        self.text = text
        self.idPrefix = Array("      ".utf8) + JSONWriter(layout: .compact).bytes(.string(idField)) + Array(": ".utf8)
    }

    /// The resources in order, or nil when the text is not one object (the parser then explains).
    mutating func resources() -> [(String, Resource)]? {
        guard let first = nextLine() else { return nil }
        if equals(first, "{}") { return nextLine() == nil ? [] : nil }
        guard equals(first, "{") else { return nil }
        var resources: [(String, Resource)] = []
        while let line = nextLine() {
            if equals(line, "}") { return nextLine() == nil ? resources : nil }
            guard let (name, rest) = member(line, indent: 2) else { return nil }
            let value = withoutComma(rest)
            if equals(value, "[") {
                guard let items = collectionItems() else { return nil }
                resources.append((name, .collection(ItemCollection(stored: items))))
            } else if equals(value, "[]") {
                resources.append((name, .collection(ItemCollection())))
            } else {
                guard let document = documentValue(value) else { return nil }
                resources.append((name, .document(document)))
            }
        }
        return nil
    }

    /// The items of a collection whose `[` was just read, up to its `]` line.
    private mutating func collectionItems() -> [StoredItem]? {
        var items: [StoredItem] = []
        while let line = nextLine() {
            if equals(withoutComma(line), "  ]") { return items }
            guard line.count > 4, text[line.lowerBound + 4] != UInt8(ascii: " ") else { return nil }
            let content = withoutComma(line.lowerBound + 4..<line.upperBound)
            if equals(content, "{") || equals(content, "[") {
                guard let item = multiLineItem(opening: text[content.lowerBound]) else { return nil }
                items.append(item)
            } else {
                let bytes = Array(text[content])
                items.append(StoredItem(bytes: bytes, key: nil))
            }
        }
        return nil
    }

    /// An item spread over lines, from its opening bracket to the closing one 4 spaces in, moved 4 spaces out.
    private mutating func multiLineItem(opening: UInt8) -> StoredItem? {
        let closing = opening == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let innerStart = position
        var key: (text: String, isString: Bool)?
        while let line = nextLine() {
            let content = withoutComma(line)
            if content.count == 5, isSpaces(content.lowerBound, 4), text[content.lowerBound + 4] == closing {
                return StoredItem(
                    bytes: dedented(innerStart..<line.lowerBound, opening, closing), key: key?.text,
                    keyIsString: key?.isString ?? false)
            }
            guard line.count > 6, isSpaces(line.lowerBound, 6) else { return nil }
            if opening == UInt8(ascii: "{"), let found = idKeyOnLine(line) { key = found }
        }
        return nil
    }

    /// `opening`, the lines of `inner` (each ending in a newline) 4 spaces shallower, then `closing`.
    private func dedented(_ inner: Range<Int>, _ opening: UInt8, _ closing: UInt8) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: inner.count + 4) { buffer, count in
            buffer[0] = opening
            count = 1
            var lineStart = inner.lowerBound
            while lineStart < inner.upperBound {
                var lineEnd = lineStart
                while text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                buffer[count] = UInt8(ascii: "\n")
                count += 1
                let piece = UnsafeBufferPointer(rebasing: text[(lineStart + 4)..<lineEnd])
                _ = UnsafeMutableBufferPointer(rebasing: buffer[count..<(count + piece.count)]).initialize(from: piece)
                count += piece.count
                lineStart = lineEnd + 1
            }
            buffer[count] = UInt8(ascii: "\n")
            buffer[count + 1] = closing
            count += 2
        }
    }

    /// The id key when `line` is an item's `"id": value` member (6 spaces in; or the `--id` field's), and whether the
    /// value is a string; nil otherwise.
    private func idKeyOnLine(_ line: Range<Int>) -> (text: String, isString: Bool)? {
        let prefix = idPrefix
        guard line.count > prefix.count, let base = text.baseAddress,
            memcmp(base + line.lowerBound, prefix, prefix.count) == 0
        else { return nil }
        let value = withoutComma(line.lowerBound + prefix.count..<line.upperBound)
        let first = text[value.lowerBound]
        guard first != UInt8(ascii: "{"), first != UInt8(ascii: "[") else { return nil }
        guard let parsed = try? JSON.parse(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[value]))) else {
            return nil
        }
        guard let key = idKey(parsed) else { return nil }
        if case .string = parsed { return (key, true) }
        return (key, false)
    }

    /// A singular resource's value: one line, or lines up to the closing bracket 2 spaces in.
    private mutating func documentValue(_ first: Range<Int>) -> JSONValue? {
        let opening = text[first.lowerBound]
        var range = first
        if equals(first, "{") || equals(first, "[") {
            let closing = opening == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var found = false
            while let line = nextLine() {
                let content = withoutComma(line)
                if content.count == 3, text[content.lowerBound + 2] == closing, isSpaces(content.lowerBound, 2) {
                    range = first.lowerBound..<content.upperBound
                    found = true
                    break
                }
            }
            guard found else { return nil }
        }
        return try? JSON.parse(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[range])))
    }

    /// `  "name": rest` at `indent` spaces: the decoded name and the range of the rest.
    private func member(_ line: Range<Int>, indent: Int) -> (String, Range<Int>)? {
        guard line.count > indent + 4, isSpaces(line.lowerBound, indent),
            text[line.lowerBound + indent] == UInt8(ascii: "\"")
        else { return nil }
        var cursor = line.lowerBound + indent + 1
        while cursor < line.upperBound {
            let byte = text[cursor]
            if byte == UInt8(ascii: "\\") {
                cursor += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { break }
            cursor += 1
        }
        let keyEnd = cursor + 1
        guard keyEnd + 2 <= line.upperBound, text[keyEnd] == UInt8(ascii: ":"), text[keyEnd + 1] == UInt8(ascii: " ")
        else { return nil }
        guard
            case .string(let name)? = try? JSON.parse(
                UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[(line.lowerBound + indent)..<keyEnd])))
        else { return nil }
        return (name, (keyEnd + 2)..<line.upperBound)
    }

    private mutating func nextLine() -> Range<Int>? {
        guard position < text.count else { return nil }
        let start = position
        var end = start
        while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
        position = end + 1
        return start..<end
    }

    private func withoutComma(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, text[range.upperBound - 1] == UInt8(ascii: ",") else { return range }
        return range.lowerBound..<(range.upperBound - 1)
    }

    private func isSpaces(_ start: Int, _ count: Int) -> Bool {
        (start..<(start + count)).allSatisfy { text[$0] == UInt8(ascii: " ") }
    }

    private func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && starts(range, with: literal)
    }

    /// Whether the bytes of `range` begin with `literal` (compared with memcmp: this runs for every line).
    private func starts(_ range: Range<Int>, with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count >= count, let base = text.baseAddress else { return false }
        return memcmp(base + range.lowerBound, literal.utf8Start, count) == 0
    }
}
