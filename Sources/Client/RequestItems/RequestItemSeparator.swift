/// The separators of the HTTPie request-item grammar, e.g. `:` in `Name:Value` or `:=` in `age:=30`.
public enum RequestItemSeparator: String, CaseIterable, Equatable, Sendable {
    /// `Name:Value` header; `Name:` removes a default header.
    case header = ":"
    /// `Name;` sends the header with an empty value.
    case headerEmpty = ";"
    /// `Name:@file` header whose value is read from a file.
    case headerFromFile = ":@"
    /// `key==value` query parameter.
    case query = "=="
    /// `key==@file` query parameter whose value is read from a file.
    case queryFromFile = "==@"
    /// `key=value` string field.
    case dataString = "="
    /// `key=@file` string field read from a file.
    case dataStringFromFile = "=@"
    /// `key:=json` raw JSON field.
    case dataJSON = ":="
    /// `key:=@file` raw JSON field read from a file.
    case dataJSONFromFile = ":=@"
    /// `key@file` multipart file upload.
    case fileUpload = "@"

    /// The characters a backslash can escape inside an item: every character that occurs in a separator.
    static let specialCharacters: Set<Unicode.Scalar> = Set(allCases.flatMap { Array($0.rawValue.unicodeScalars) })

    /// Longest first, so that among separators starting at the same position the longest one matches first.
    static let longestFirst: [RequestItemSeparator] = allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    /// Whether the item's value names a file whose contents the parser reads.
    public var readsFile: Bool {
        switch self {
        case .headerFromFile, .queryFromFile, .dataStringFromFile, .dataJSONFromFile: true
        default: false
        }
    }

    /// Whether the item is a body field (string or raw JSON, inline or from a file).
    public var isDataField: Bool {
        switch self {
        case .dataString, .dataStringFromFile, .dataJSON, .dataJSONFromFile: true
        default: false
        }
    }
}
