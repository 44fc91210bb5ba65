import JSON

/// An item, where it stands among the arguments and how it split: what errors need to point into it.
struct ItemContext {
    let text: String
    let index: Int
    let split: ItemSplit

    func error(at column: Int, _ message: String) -> RequestItemError {
        RequestItemError(item: text, index: index, column: column, message: message)
    }

    func unreadable(_ path: String, _ error: any Error) -> RequestItemError {
        let reason = (error as? FileReadError)?.reason ?? String(describing: error)
        return self.error(at: split.valueStart, "cannot read '\(path)': \(reason)")
    }

    /// Header names are RFC 9110 tokens: letters, digits and ``!#$%&'*+-.^_`|~``.
    func validateHeaderName() throws(RequestItemError) {
        guard !split.key.isEmpty else { throw error(at: 0, "missing header name before '\(split.separator.rawValue)'") }
        for character in split.keyCharacters where !character.character.isHeaderTokenCharacter {
            let shown = character.character == " " ? "a space" : "'\(character.character)'"
            throw error(at: character.columns.lowerBound, "invalid header name '\(split.key)': \(shown) is not allowed")
        }
    }

    /// A header value without surrounding blanks; a line break inside it would split the request head, so refuse it.
    func headerValue(_ raw: String, from path: String?) throws(RequestItemError) -> String {
        let value = raw.trimmingBlanksAndNewlines
        if value.contains(where: \.isNewline) || value.unicodeScalars.contains(where: { $0 == "\0" }) {
            let source = path.map { "the header value in '\($0)'" } ?? "a header value"
            throw error(at: split.valueStart, "\(source) cannot contain a line break")
        }
        return String(value)
    }

    /// The value of `key:=json`; an error's column points into the item.
    func parseInlineJSON() throws(RequestItemError) -> JSONValue {
        do {
            return try JSON.parse(split.value)
        } catch {
            let column = split.valueColumn(atUTF8Offset: error.offset)
            throw self.error(
                at: column, "invalid JSON after '\(split.separator.rawValue)': \(error.message) at column \(column)")
        }
    }

    /// The contents of the file of `key:=@file`; an error names the file, line and column.
    func parseFileJSON(_ contents: [UInt8], path: String) throws(RequestItemError) -> JSONValue {
        do {
            return try JSON.parse(contents)
        } catch {
            throw self.error(
                at: split.valueStart, "invalid JSON in \(path):\(error.line):\(error.column): \(error.message)")
        }
    }
}

extension Unicode.Scalar {
    /// RFC 9110 `tchar`.
    fileprivate var isHeaderTokenCharacter: Bool {
        guard isASCII else { return false }
        let ascii = UInt8(value)
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".unicodeScalars.contains(self)
        }
    }
}

extension StringProtocol {
    var trimmingTrailingNewlines: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isNewline { end = index(before: end) }
        return self[startIndex..<end]
    }

    var trimmingBlanksAndNewlines: SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
