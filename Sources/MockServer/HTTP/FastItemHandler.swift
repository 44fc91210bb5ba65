import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// Answers `GET /NAME/ID` (and `HEAD`) on the event loop, from the items the store has published, without
/// handing the request to a Swift task: the hot read of the mock server costs one dictionary lookup and a write.
///
/// It sits in the channel pipeline after the HTTP codec and before Hummingbird. Anything it cannot answer
/// exactly as the routes would (a query string, an escaped path, `Connection: close`, a `Host` that is refused,
/// `--delay`, an item not published yet) passes through untouched; the routes then answer it and the store
/// publishes the item for the next time. Responses carry the same headers as the routes' (`JSONResponse`, `CORSPolicy`, 304 handling).
///
/// Pipelined requests are answered in order: while a request passed on is still unanswered, the ones behind it are
/// passed on too (answering them here would put their responses first).
final class FastItemHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let items: any ImmediateReads
    private let hits: NIOLockedValueBox<Int>?
    private let cors: CORSPolicy
    private let hosts: HostPolicy
    private let log: StandardErrorLog?
    private let journal: RequestJournal?

    private enum State {
        case idle
        /// Waiting for the end of a request this handler answers.
        case answering(Answer, request: HTTPRequest, start: ContinuousClock.Instant)
        /// Passing the parts of the current request on.
        case forwarding
    }

    private var state = State.idle
    /// Requests passed on whose response has not been written yet.
    private var unanswered = 0

    /// A response head and, unless it is a 304, the item's bytes.
    private struct Answer {
        let head: HTTPResponse
        let body: ByteBuffer?
    }

    init(
        items: any ImmediateReads, hits: NIOLockedValueBox<Int>? = nil, cors: CORSPolicy, hosts: HostPolicy = .anyHost,
        log: StandardErrorLog?, journal: RequestJournal? = nil
    ) {
        self.items = items
        self.hits = hits
        self.cors = cors
        self.hosts = hosts
        self.log = log
        self.journal = journal
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
            let start = ContinuousClock.now
            if unanswered == 0, let answer = answer(head) {
                state = .answering(answer, request: head, start: start)
            } else {
                state = .forwarding
                unanswered += 1
                context.fireChannelRead(data)
            }
        case (.answering(let answer, let head, let start), .end):
            let (method, target) = (head.method, head.path ?? "/")
            state = .idle
            hits?.withLockedValue { $0 += 1 }
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            if method != .head, let body = answer.body {
                context.write(wrapOutboundOut(.body(body)), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            let elapsed = start.duration(to: .now)
            log?.request(method: method.rawValue, target: target, status: answer.head.status.code, elapsed: elapsed)
            journal?.record(
                method: method.rawValue, target: target, headers: head.headerFields, body: nil,
                status: answer.head.status.code, elapsed: elapsed)
        case (.answering, _):
            break  // a body on a GET: ignored, as the routes do
        case (.forwarding, .end):
            state = .idle
            context.fireChannelRead(data)
        case (.forwarding, _), (.idle, _):
            context.fireChannelRead(data)
        }
    }

    /// Responses from the routes pass; their end counts a request passed on as answered.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(unanswered - 1, 0) }
        context.write(data, promise: promise)
    }

    /// The response for a request this handler can answer, or nil to pass it on.
    private func answer(_ head: HTTPRequest) -> Answer? {
        guard head.method == .get || head.method == .head, let path = head.path else { return nil }
        guard hosts.allows(head.authority) else { return nil }  // the routes answer 421
        guard let (name, id) = Self.itemPath(path) else { return nil }
        if let connection = head.headerFields[.connection], connection.lowercased().contains("close") { return nil }
        if head.headerFields[.apiMock] != nil { return nil }  // a forced fault: the routes' pipeline answers it
        guard let item = items.item(in: name, id: id) else { return nil }
        let representation = Representation(item)
        let unchanged = notModified(head.headerFields, etag: representation.etag)
        var response =
            unchanged
            ? notModifiedResponse(etag: representation.etag) : JSONResponse.representation(.ok, representation)
        cors.decorate(&response, requestOrigin: head.headerFields[.origin])
        response.headers[.date] = HTTPDate.now
        return Answer(head: response.head, body: unchanged ? nil : representation.body)
    }

    /// `/NAME/ID` with plain segments (no query, no escapes, no empty or dot segments).
    static func itemPath(_ path: String) -> (String, String)? {
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/"),
            !utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "#") })
        else { return nil }
        let segments = path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard segments.count == 2, let first = segments.first, let last = segments.last, !first.isEmpty,
            !last.isEmpty, !last.elementsEqual(".".utf8), !last.elementsEqual("..".utf8),
            !first.elementsEqual(".".utf8), !first.elementsEqual("..".utf8)
        else { return nil }
        return (String(decoding: first, as: UTF8.self), String(decoding: last, as: UTF8.self))
    }
}
