import JSON

/// One parsed request item (`Name:Value`, `key==value`, `key=value`, `key:=json`, `key@file`, ...), with file
/// contents already read for the `@file` forms, except uploads, which are streamed when the request is sent.
public struct RequestItem: Equatable, Sendable {
    /// What the item means for the request.
    public enum Kind: Equatable, Sendable {
        /// `Name:Value` or `Name:@file`: send this header (value trimmed of surrounding blanks).
        case header(name: String, value: String)
        /// `Name:`: remove a header that would be sent by default.
        case headerRemoved(name: String)
        /// `Name;`: send the header with an empty value.
        case headerEmpty(name: String)
        /// `key==value` or `key==@file`: a query parameter, not yet URL-encoded.
        case query(key: String, value: String)
        /// `key=value` or `key=@file`: a string field. `key` is as written (escapes of separators removed,
        /// nested-path brackets kept); see `RequestItem.nestedJSONPath()`.
        case dataString(key: String, value: String)
        /// `key:=json` or `key:=@file`: a raw JSON field.
        case dataJSON(key: String, value: JSONValue)
        /// `key@file` or `key@file;type=mime`: a multipart file upload.
        case fileUpload(FileUpload)
        /// `@file` or `@file;type=mime` (no key): the file is the raw request body, as in HTTPie; its Content-Type is
        /// the one given with `;type=`, else guessed from the file name. `fieldName` is empty.
        case bodyFile(FileUpload)
    }

    /// The argument as given on the command line.
    public let text: String
    /// The argument's position among the command-line arguments, for error messages.
    public let index: Int
    /// The separator that split the item.
    public let separator: RequestItemSeparator
    public let kind: Kind
    /// The text of a `:=` / `:=@` value as given (without surrounding whitespace), sent as is in a JSON body.
    public let rawJSON: [UInt8]?
    /// For each Unicode scalar of the data key, the columns of `text` it came from (an escape spans two).
    let keyColumns: [Range<Int>]

    init(
        text: String, index: Int, separator: RequestItemSeparator, kind: Kind, keyColumns: [Range<Int>],
        rawJSON: [UInt8]? = nil
    ) {
        self.text = text
        self.rawJSON = rawJSON
        self.index = index
        self.separator = separator
        self.kind = kind
        self.keyColumns = keyColumns
    }

    /// The key of a data field (`=`, `=@`, `:=`, `:=@`), nil for other items.
    public var dataKey: String? {
        switch kind {
        case .dataString(let key, _), .dataJSON(let key, _): key
        default: nil
        }
    }

    /// The value a data field contributes to a form (`--form`, `--multipart`): the string of `=`; for `:=` a
    /// number or boolean as written, a string's contents, nothing for null (HTTPie sends these too). nil for other
    /// items and for a raw JSON array or object, which a form has no place for.
    public var formValue: String? {
        switch kind {
        case .dataString(_, let value): value
        case .dataJSON(_, .string(let value)): value
        case .dataJSON(_, .null): ""
        case .dataJSON(_, .number), .dataJSON(_, .bool): rawJSON.map { String(decoding: $0, as: UTF8.self) }
        default: nil
        }
    }

    /// The value a data field contributes to a JSON body, nil for other items.
    public var dataValue: JSONValue? {
        switch kind {
        case .dataString(_, let value): .string(value)
        case .dataJSON(_, let value): value
        default: nil
        }
    }

    /// The data key read as a nested JSON path (`a[b][0]`, `tags[]`, `[]`), nil for items that are not data fields.
    /// Paths are only read for JSON bodies: a form sends the key as written.
    public func nestedJSONPath() throws(RequestItemError) -> NestedJSONPath? {
        guard let key = dataKey else { return nil }
        do {
            return try NestedJSONPath(parsing: Array(key.unicodeScalars), columns: keyColumns)
        } catch {
            throw RequestItemError(item: text, index: index, column: error.column, message: error.message)
        }
    }
}

/// A `key@file` upload: the form field name, the file and its content type.
public struct FileUpload: Equatable, Sendable {
    /// The multipart field name (the item's key).
    public var fieldName: String
    /// The file's path, `~` expanded when the parser knows the home directory.
    public var path: String
    /// The type given with `;type=`, if any.
    public var explicitContentType: String?

    public init(fieldName: String, path: String, explicitContentType: String? = nil) {
        self.fieldName = fieldName
        self.path = path
        self.explicitContentType = explicitContentType
    }

    /// The file name sent in the part's `Content-Disposition`: the last component of the path.
    public var fileName: String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// The part's content type: the one given with `;type=`, else a guess from the file name's extension.
    public var contentType: String { explicitContentType ?? ContentTypeGuess.forFileName(fileName) }
}
