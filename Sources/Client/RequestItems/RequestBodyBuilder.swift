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

    /// The JSON body as sent: `jsonBody` written compactly, with the text of each `:=` value as given.
    public static func jsonBodyBytes(from items: [RequestItem]) throws(RequestItemError) -> [UInt8]? {
        var builder = NestedJSONBuilder()
        for item in items where item.separator.isDataField {
            try builder.set(item)
        }
        return builder.bytes
    }

    /// The fields of a `--form` (urlencoded) body: data items in order (see `RequestItem.formValue`), keys as
    /// written.
    public static func formFields(from items: [RequestItem]) -> [(String, String)] {
        items.compactMap { item in
            guard let key = item.dataKey, let value = item.formValue else { return nil }
            return (key, value)
        }
    }

    /// The parts of a `multipart/form-data` body: string fields and file uploads, in the order given.
    public static func multipartParts(from items: [RequestItem]) -> [MultipartPart] {
        items.compactMap { item in
            switch item.kind {
            case .dataString(let key, _), .dataJSON(let key, _):
                item.formValue.map { MultipartPart(name: key, content: .field($0)) }
            case .fileUpload(let upload):
                MultipartPart(
                    name: upload.fieldName,
                    content: .file(path: upload.path, fileName: upload.fileName, contentType: upload.contentType))
            default:
                nil
            }
        }
    }

    /// A form (urlencoded or multipart) takes a raw JSON number, boolean, string or null as text (HTTPie does too),
    /// but has no place for an array or object: the first such `:=` / `:=@` item is an error.
    public static func checkFormItems(_ items: [RequestItem]) throws(RequestItemError) {
        for item in items {
            if case .dataJSON(_, let value) = item.kind, item.formValue == nil {
                throw RequestItemError(
                    item: item.text, index: item.index, column: item.keyColumns.last?.upperBound ?? 0,
                    message:
                        "a raw JSON \(value.typeName) ('\(item.separator.rawValue)') cannot be sent in a form; use '=' for a form field"
                )
            }
        }
    }

    /// The `@file` item that makes a file the raw body, if any. It is the whole body, so it cannot be combined with
    /// a data field, an upload or a second `@file` (HTTPie: "request body ... and request data cannot be mixed").
    public static func bodyFile(from items: [RequestItem]) throws(RequestItemError) -> FileUpload? {
        guard let index = items.firstIndex(where: { if case .bodyFile = $0.kind { true } else { false } }),
            case .bodyFile(let file) = items[index].kind
        else { return nil }
        let item = items[index]
        if let other = items.first(where: { ($0.separator.isDataField || $0.separator == .fileUpload) && $0 != item }) {
            throw RequestItemError(
                item: other.text, index: other.index, column: 0,
                message: "cannot be combined with '\(item.text)', which sends a file as the whole body")
        }
        return file
    }

    /// Whether any item is a body field or an upload (as opposed to headers and query parameters only).
    public static func hasBodyItems(_ items: [RequestItem]) -> Bool {
        items.contains { $0.separator.isDataField || $0.separator == .fileUpload }
    }

    /// Whether any item is a `key@file` upload, which makes the body multipart.
    public static func hasFileUploads(_ items: [RequestItem]) -> Bool {
        items.contains { if case .fileUpload = $0.kind { true } else { false } }
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
