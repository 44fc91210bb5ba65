import JSON

/// Turns parsed request items into the parts of a request: headers, query parameters and the body
/// (JSON, urlencoded form or multipart).
public struct RequestBodyBuilder {
    /// The JSON body the data items (`=`, `:=`, `=@`, `:=@`) build with nested paths: an object, or an array
    /// when the paths start with `[]` or `[N]`. nil when there are no data items.
    public static func jsonBody(from items: [RequestItem]) throws(RequestItemError) -> JSONValue? {
        var builder = NestedJSONBuilder()
        for item in items where item.separator.isDataField {
            try builder.set(item)
        }
        return builder.root
    }

    /// The fields of a `--form` (urlencoded) body: `=` and `=@` items in order, keys as written.
    public static func formFields(from items: [RequestItem]) -> [(String, String)] {
        items.compactMap { item in
            if case .dataString(let key, let value) = item.kind { return (key, value) }
            return nil
        }
    }

    /// The parts of a `multipart/form-data` body: string fields and file uploads, in the order given.
    public static func multipartParts(from items: [RequestItem]) -> [MultipartPart] {
        items.compactMap { item in
            switch item.kind {
            case .dataString(let key, let value):
                MultipartPart(name: key, content: .field(value))
            case .fileUpload(let upload):
                MultipartPart(
                    name: upload.fieldName,
                    content: .file(path: upload.path, fileName: upload.fileName, contentType: upload.contentType))
            default:
                nil
            }
        }
    }

    /// A form (urlencoded or multipart) has no place for raw JSON: the first `:=` / `:=@` item is an error.
    public static func checkFormItems(_ items: [RequestItem]) throws(RequestItemError) {
        for item in items {
            if case .dataJSON = item.kind {
                throw RequestItemError(
                    item: item.text, index: item.index, column: item.keyColumns.last?.upperBound ?? 0,
                    message:
                        "a raw JSON field ('\(item.separator.rawValue)') cannot be sent in a form; use '=' for a form field"
                )
            }
        }
    }

    /// Whether any item is a body field or an upload (as opposed to headers and query parameters only).
    public static func hasBodyItems(_ items: [RequestItem]) -> Bool {
        items.contains { $0.separator.isDataField || $0.separator == .fileUpload }
    }

    /// Whether any item is a `key@file` upload, which makes the body multipart.
    public static func hasFileUploads(_ items: [RequestItem]) -> Bool {
        items.contains { $0.separator == .fileUpload }
    }

    /// Header items in order: `Name:Value` → value, `Name:` → nil (remove), `Name;` → "" (send empty).
    public static func headerFields(from items: [RequestItem]) -> [HeaderField] {
        items.compactMap { item in
            switch item.kind {
            case .header(let name, let value): HeaderField(name: name, value: value)
            case .headerRemoved(let name): HeaderField(name: name, value: nil)
            case .headerEmpty(let name): HeaderField(name: name, value: "")
            default: nil
            }
        }
    }

    /// Query items (`==`, `==@`) in order, not yet encoded (see `urlEncodeQueryComponent`).
    public static func queryParameters(from items: [RequestItem]) -> [(String, String)] {
        items.compactMap { item in
            if case .query(let key, let value) = item.kind { return (key, value) }
            return nil
        }
    }
}
