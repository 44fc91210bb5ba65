import HTTPTypes
import Hummingbird

/// `--auth bearer:TOKEN` or `--auth basic:USER:PASS`: the credentials every request must carry, except `OPTIONS`
/// (a browser's preflight has none) and `/__api/`. Otherwise 401 with `WWW-Authenticate`. The credentials never
/// appear in a log line, an error or the request journal.
public enum RequiredCredentials: Sendable, Equatable {
    case bearer(token: String)
    case basic(user: String, password: String)

    /// Parses `bearer:TOKEN` or `basic:USER:PASS` (the password may contain `:`); nil when it is neither. The
    /// scheme's case does not matter; the token, user and password must not be empty.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon].lowercased()
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "bearer":
            guard !rest.isEmpty, !rest.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) else { return nil }
            self = .bearer(token: rest)
        case "basic":
            guard let split = rest.firstIndex(of: ":") else { return nil }
            let user = String(rest[..<split])
            let password = String(rest[rest.index(after: split)...])
            guard !user.isEmpty, !password.isEmpty else { return nil }
            self = .basic(user: user, password: password)
        default:
            return nil
        }
    }

    /// The `Authorization` value that is accepted.
    var expectedAuthorization: String {
        switch self {
        case .bearer(let token): "Bearer " + token
        case .basic(let user, let password): "Basic " + base64(Array((user + ":" + password).utf8))
        }
    }

    var challenge: String {
        switch self {
        case .bearer: "Bearer realm=\"api serve --mock\""
        case .basic: "Basic realm=\"api serve --mock\", charset=\"UTF-8\""
        }
    }

    /// Nil when `headers` carry the credentials; otherwise the 401 to answer.
    func refusal(_ headers: HTTPFields) -> Response? {
        let given = headers[values: .authorization]
        let expected = expectedAuthorization
        if given.count == 1, Self.matches(given[0], expected) { return nil }
        var fields = HTTPFields()
        fields[.wwwAuthenticate] = challenge
        let scheme = expected.prefix(while: { $0 != " " })
        let message =
            given.isEmpty
            ? "authentication required: send an Authorization: \(scheme) header (--auth)"
            : "the credentials in the Authorization header are not accepted (--auth)"
        return JSONResponse.error(.unauthorized, message, headers: fields)
    }

    /// The scheme's case does not matter; the credentials are compared in time independent of where they differ.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let givenBytes = Array(given.utf8)
        let expectedBytes = Array(expected.utf8)
        guard let space = expectedBytes.firstIndex(of: UInt8(ascii: " ")), givenBytes.count == expectedBytes.count
        else { return false }
        guard
            String(decoding: givenBytes[..<space], as: UTF8.self).lowercased()
                == String(decoding: expectedBytes[..<space], as: UTF8.self).lowercased()
        else { return false }
        var difference: UInt8 = 0
        for position in space..<expectedBytes.count { difference |= givenBytes[position] ^ expectedBytes[position] }
        return difference == 0
    }
}

/// Standard base64 with padding.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
        let chunk = bytes[index..<min(index + 3, bytes.count)]
        let b0 = chunk[chunk.startIndex]
        let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
        let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
        output.append(alphabet[Int(b0 >> 2)])
        output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
        output.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
        output.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
        index += 3
    }
    return String(decoding: output, as: UTF8.self)
}
