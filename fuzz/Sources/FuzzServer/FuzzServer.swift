import FuzzSupport
import HTTPTypes
import Hummingbird
import JSON
import Logging
import NIOEmbedded

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#endif

/// Whole mock server requests, answered in process by `MockResponder` over a fresh `JSONFileStore` per input (its
/// file on tmpfs). The input is up to four requests separated by NUL bytes; each is one method byte, the target
/// (path and query) up to a newline, `Name: value` header lines up to an empty line, then the body.
/// Checks: no trap, no 500, and every error answer is a JSON object with an `error` message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let requests = inputBytes(data, size).split(separator: 0, omittingEmptySubsequences: false).prefix(4)
        .compactMap { FuzzRequest(Array($0)) }
    guard !requests.isEmpty else { return 0 }
    if requests.contains(where: \.isSlow) { return 0 }
    writeDatabase()
    runBlocking {
        let store: JSONFileStore
        do {
            store = try JSONFileStore(path: databasePath)
        } catch {
            fuzzFailure("the sample database does not load: \(error)")
        }
        var options = MockServerOptions(file: databasePath)
        options.quiet = true
        options.watch = false
        let responder = MockResponder(
            store: store, options: options, staticFiles: StaticFiles(directories: []), log: nil)
        for request in requests {
            await answer(request, responder)
        }
        await store.flush()
    }
    return 0
}

private func answer(_ fuzz: FuzzRequest, _ responder: MockResponder<JSONFileStore>) async {
    let request = Request(
        head: HTTPRequest(
            method: fuzz.method, scheme: "http", authority: "localhost", path: fuzz.target, headerFields: fuzz.headers),
        body: RequestBody(buffer: ByteBuffer(bytes: fuzz.body)))
    let context = MockRequestContext(
        source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
    let response: Response
    do {
        response = try await responder.respond(to: request, context: context)
    } catch {
        fuzzFailure("the responder threw \(error) for \(fuzz)")
    }
    collected.bytes.removeAll(keepingCapacity: true)
    do {
        try await response.body.write(CollectingWriter())
    } catch {
        fuzzFailure("writing the response body threw \(error) for \(fuzz)")
    }
    let status = response.status.code
    if status >= 500, status != 503 {
        fuzzFailure("status \(status) for \(fuzz): \(String(decoding: collected.bytes, as: UTF8.self))")
    }
    if status >= 400, fuzz.method != .head {
        guard case .object(let object)? = try? JSON.parse(collected.bytes),
            case .string(let message)? = object["error"],
            !message.isEmpty
        else {
            fuzzFailure("status \(status) without a JSON error body for \(fuzz)")
        }
    }
}

/// The body of the response being read (requests run one at a time).
private final class Collected: @unchecked Sendable {
    var bytes: [UInt8] = []
}

private let collected = Collected()

/// Appends a response body to `collected` (a body writer is consumed by value, so the bytes live outside it).
private struct CollectingWriter: ResponseBodyWriter {
    mutating func write(_ buffer: ByteBuffer) async throws {
        collected.bytes.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

private struct FuzzRequest: CustomStringConvertible {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options, .get]

    let method: HTTPRequest.Method
    let target: String
    let headers: HTTPFields
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return nil }
        method = Self.methods[Int(first) % Self.methods.count]
        var rest = bytes.dropFirst()
        let line = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        let path = String(decoding: rest[..<line], as: UTF8.self)
        target = path.hasPrefix("/") ? path : "/" + path
        rest = line == rest.endIndex ? rest[line...] : rest[(line + 1)...]
        var headers = HTTPFields()
        while let end = rest.firstIndex(of: UInt8(ascii: "\n")), end != rest.startIndex {
            let text = String(decoding: rest[..<end], as: UTF8.self)
            rest = rest[(end + 1)...]
            guard let colon = text.firstIndex(of: ":"), let name = HTTPField.Name(String(text[..<colon])) else {
                continue
            }
            headers.append(HTTPField(name: name, value: String(text[text.index(after: colon)...]).trimmingSpaces))
        }
        if rest.first == UInt8(ascii: "\n") { rest = rest.dropFirst() }
        self.headers = headers
        body = Array(rest)
    }

    var isSlow: Bool {
        guard let question = target.firstIndex(of: "?") else { return false }
        let parameters = QueryParameters(query: target[target.index(after: question)...])
        return parameters.pairs.contains { SlowInputs.isSlow(name: $0.name, value: $0.value) }
    }

    var description: String {
        "\(method.rawValue) \(target) \(headers) body \(String(decoding: body, as: UTF8.self).debugDescription)"
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

private let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

private let databasePath: String = {
    let folder = "/dev/shm/api-fuzz-\(getpid())"
    mkdir(folder, 0o700)
    return folder + "/db.json"
}()

private let database = """
    {
      "users": [
        {"id": 1, "name": "Ada", "city": "London", "age": 36},
        {"id": "2", "name": "Grace", "city": "New York", "tags": ["a"]},
        {"id": 3, "name": "Alan", "city": null, "meta": {"n": 1.5}}
      ],
      "posts": [{"id": 1, "userId": 1, "title": "Notes"}, {"id": 2, "userId": "2", "title": "Compilers"}],
      "comments": [{"id": 1, "postId": 1, "body": "first"}],
      "profile": {"name": "demo"}
    }

    """

/// Puts the sample database back (and removes what an earlier input's store left beside it).
private func writeDatabase() {
    let folder = String(databasePath.dropLast("/db.json".count))
    if let directory = opendir(folder) {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { unlink(folder + "/" + name) }
        }
        closedir(directory)
    }
    let descriptor = open(databasePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { fuzzFailure("cannot write \(databasePath)") }
    var bytes = Array(database.utf8)
    _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
}
