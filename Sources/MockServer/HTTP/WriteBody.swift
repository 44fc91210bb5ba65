import JSON
import NIOCore
import Support

/// How the body of a POST, PUT or PATCH becomes the object written, as json-server reads it: an empty body is
/// `{}`; an `application/x-www-form-urlencoded` body is an object of strings (a name given twice: an array of its
/// strings); anything else must be a JSON object.
enum WriteBody {
    static let formType = "application/x-www-form-urlencoded"

    static func object(_ buffer: ByteBuffer, contentType: String?) throws(BodyProblem) -> JSONObject {
        guard buffer.readableBytes > 0 else { return [:] }
        if let contentType, isForm(contentType) { return form(buffer) }
        let value: JSONValue
        do {
            value = try JSON.parse(buffer.readableBytesView)
        } catch {
            throw BodyProblem.invalidJSON(error)
        }
        guard case .object(let object) = value else { throw BodyProblem.notAnObject }
        return object
    }

    /// Whether a `Content-Type` is a urlencoded form (any case, with or without parameters).
    static func isForm(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingBlanks().lowercased() == formType
    }

    /// `a=1&b=x+y&a=2` → `{"a": ["1", "2"], "b": "x y"}`, names in the order they first appear.
    static func form(_ buffer: ByteBuffer) -> JSONObject {
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        var object: JSONObject = [:]
        for (name, value) in QueryParameters(query: Substring(text)).pairs {
            switch object[name] {
            case nil: object[name] = .string(value)
            case .array(var values)?:
                values.append(.string(value))
                object[name] = .array(values)
            case let first?: object[name] = .array([first, .string(value)])
            }
        }
        return object
    }
}
