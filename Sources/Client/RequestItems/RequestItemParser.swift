import JSON

/// Parses one command-line request item with HTTPie's grammar.
///
/// The separator that starts first wins; among separators starting at the same position the longest wins, so
/// `url==http://x` is a query parameter and `Host:example.com:8080` a header. A backslash before any separator
/// character (`: ; @ =`) makes it literal: `a\=b=c` is the field `a=b`. `@file` values are read with the
/// `readFile` given at initialisation (uploads are only checked, with `checkUpload`, and streamed later).
public struct RequestItemParser {
    private let readFile: (String) throws -> [UInt8]
    private let checkUpload: ((String) throws -> Void)?
    private let homeDirectory: String?

    /// - Parameters:
    ///   - readFile: returns a file's bytes; throw `FileReadError` to have its reason shown as is.
    ///   - homeDirectory: when set, a leading `~` or `~/` in `@file` paths is expanded (as HTTPie does).
    ///   - checkUpload: when set, called with the path of each `key@file` upload, so an unreadable upload is a
    ///     usage error of the item rather than a failure halfway through sending.
    public init(
        readFile: @escaping (String) throws -> [UInt8], homeDirectory: String? = nil,
        checkUpload: ((String) throws -> Void)? = nil
    ) {
        self.readFile = readFile
        self.homeDirectory = homeDirectory
        self.checkUpload = checkUpload
    }

    /// A parser that reads files from disk and checks uploads are readable.
    public static func onDisk(homeDirectory: String?) -> RequestItemParser {
        RequestItemParser(
            readFile: { path in try LocalFile.read(path) }, homeDirectory: homeDirectory,
            checkUpload: { path in try LocalFile.checkReadable(path) })
    }

    /// Whether an argument looks like a request item (has an unescaped separator), e.g. to tell items from a
    /// target without parsing them.
    public static func isRequestItem(_ argument: String) -> Bool {
        ItemSplit(argument) != nil
    }

    public func parse(_ argument: String, index: Int) throws(RequestItemError) -> RequestItem {
        guard let split = ItemSplit(argument) else {
            throw RequestItemError(
                item: argument, index: index, column: 0,
                message: "not a request item: expected Name:Value, key==value, key=value, key:=json or key@file")
        }
        let context = ItemContext(text: argument, index: index, split: split)
        let key = split.key
        let kind: RequestItem.Kind
        switch split.separator {
        case .header:
            try context.validateHeaderName()
            if split.value.isEmpty {
                kind = .headerRemoved(name: key)
            } else {
                kind = .header(name: key, value: try context.headerValue(split.value, from: nil))
            }
        case .headerEmpty:
            try context.validateHeaderName()
            guard split.value.isEmpty else {
                throw context.error(
                    at: split.valueStart,
                    "an empty header takes nothing after ';' (write '\(key);' to send it empty, '\(key):value' to set it)"
                )
            }
            kind = .headerEmpty(name: key)
        case .headerFromFile:
            try context.validateHeaderName()
            let path = expandHome(split.value)
            let contents = try readText(path, context)
            kind = .header(name: key, value: try context.headerValue(contents, from: path))
        case .query:
            kind = .query(key: key, value: split.value)
        case .queryFromFile:
            let contents = try readText(expandHome(split.value), context)
            kind = .query(key: key, value: String(contents.trimmingTrailingNewlines))
        case .dataString:
            kind = .dataString(key: key, value: split.value)
        case .dataStringFromFile:
            kind = .dataString(key: key, value: try readText(expandHome(split.value), context))
        case .dataJSON:
            kind = .dataJSON(key: key, value: try context.parseInlineJSON())
        case .dataJSONFromFile:
            let contents = try readBytes(expandHome(split.value), context)
            kind = .dataJSON(key: key, value: try context.parseFileJSON(contents, path: split.value))
        case .fileUpload:
            kind = .fileUpload(try fileUpload(context))
        }
        return RequestItem(
            text: argument, index: index, separator: split.separator, kind: kind,
            keyColumns: split.keyCharacters.map(\.columns))
    }

    /// `key@path` or `key@path;type=mime`.
    private func fileUpload(_ context: ItemContext) throws(RequestItemError) -> FileUpload {
        let split = context.split
        let parts = split.value.split(separator: ";type=", omittingEmptySubsequences: false)
        let path = String(parts[0])
        let explicitType = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        guard !path.isEmpty else { throw context.error(at: split.valueStart, "missing file name after '@'") }
        let expanded = expandHome(path)
        if let checkUpload {
            do { try checkUpload(expanded) } catch { throw context.unreadable(path, error) }
        }
        return FileUpload(fieldName: split.key, path: expanded, explicitContentType: explicitType)
    }

    /// A file's bytes; errors name the file as written in the item.
    private func readBytes(_ path: String, _ context: ItemContext) throws(RequestItemError) -> [UInt8] {
        guard !path.isEmpty else {
            throw context.error(
                at: context.split.valueStart, "missing file name after '\(context.split.separator.rawValue)'")
        }
        do { return try readFile(path) } catch { throw context.unreadable(context.split.value, error) }
    }

    /// A file's contents as UTF-8 text.
    private func readText(_ path: String, _ context: ItemContext) throws(RequestItemError) -> String {
        let bytes = try readBytes(path, context)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw context.error(
                at: context.split.valueStart, "cannot embed '\(context.split.value)': not a utf-8 text file")
        }
        return text
    }

    private func expandHome(_ path: String) -> String {
        guard let homeDirectory, path == "~" || path.hasPrefix("~/") else { return path }
        return homeDirectory + path.dropFirst()
    }
}

/// An item, where it stands among the arguments and how it split: what errors need to point into it.
private struct ItemContext {
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

extension Character {
    /// RFC 9110 `tchar`.
    fileprivate var isHeaderTokenCharacter: Bool {
        guard isASCII, let ascii = asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".contains(self)
        }
    }
}

extension StringProtocol {
    fileprivate var trimmingTrailingNewlines: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isNewline { end = index(before: end) }
        return self[startIndex..<end]
    }

    fileprivate var trimmingBlanksAndNewlines: SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
