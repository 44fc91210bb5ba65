import JSON
import Support

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

    /// Whether the argument has an unescaped separator, i.e. whether `parse` would split it (it may still fail).
    /// Note that targets such as `:3000/x` or `host:8080/x` also contain one.
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
        var rawJSON: [UInt8]?
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
            rawJSON = Array(split.value.utf8).trimmingJSONWhitespace
        case .dataJSONFromFile:
            let contents = try readBytes(expandHome(split.value), context)
            kind = .dataJSON(key: key, value: try context.parseFileJSON(contents, path: split.value))
            rawJSON = contents.trimmingJSONWhitespace
        case .fileUpload:
            let upload = try fileUpload(context)
            kind = upload.fieldName.isEmpty ? .bodyFile(upload) : .fileUpload(upload)
        }
        return RequestItem(
            text: argument, index: index, separator: split.separator, kind: kind,
            keyColumns: split.keyCharacters.map(\.columns), rawJSON: rawJSON)
    }

    /// `key@path` or `key@path;type=mime`.
    private func fileUpload(_ context: ItemContext) throws(RequestItemError) -> FileUpload {
        let split = context.split
        let parts = split.value.split(separatorText: ";type=")
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

extension [UInt8] {
    /// Without the JSON whitespace (space, tab, line feed, carriage return) around it.
    var trimmingJSONWhitespace: [UInt8] {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return []
        }
        return Array(self[first...last])
    }
}
