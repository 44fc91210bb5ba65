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
///
/// Over a remote database (`EventLoopReads`) the item is asked for on this event loop and the response written when
/// the answer arrives; parts that arrive meanwhile wait, and an item the database does not have (or a failed
/// query) is passed on to the routes, which answer 404 or 503 as usual.
final class FastItemHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let items: (any ImmediateReads)?
    private let remote: (any EventLoopReads)?
    private let hits: NIOLockedValueBox<Int>?
    private let cors: CORSPolicy
    private let hosts: HostPolicy
    private let log: StandardErrorLog?
    private let journal: RequestJournal?

    private enum State {
        case idle
        /// Waiting for the end of a request this handler answers.
        case answering(Answer, request: HTTPRequest, start: ContinuousClock.Instant)
        /// A request the remote store is asked about once it has ended.
        case asking(name: String, id: String, request: HTTPRequest, start: ContinuousClock.Instant)
        /// Waiting for the remote store's answer; parts that arrive meanwhile are kept in `held`.
        case waiting(request: HTTPRequest, start: ContinuousClock.Instant)
        /// Passing the parts of the current request on.
        case forwarding
    }

    /// Request parts that arrived while waiting for the remote store, replayed in order after its answer.
    private var held: [NIOAny] = []

    private var state = State.idle
    /// Requests passed on whose response has not been written yet.
    private var unanswered = 0

    /// A response head and, unless it is a 304, the item's bytes.
    private struct Answer {
        let head: HTTPResponse
        let body: ByteBuffer?
    }

    init(
        items: (any ImmediateReads)?, remote: (any EventLoopReads)? = nil, hits: NIOLockedValueBox<Int>? = nil,
        cors: CORSPolicy, hosts: HostPolicy = .anyHost, log: StandardErrorLog?, journal: RequestJournal? = nil
    ) {
        self.items = items
        self.remote = remote
        self.hits = hits
        self.cors = cors
        self.hosts = hosts
        self.log = log
        self.journal = journal
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.waiting, _):
            held.append(data)
        case (.idle, .head(let head)):
            let start = ContinuousClock.now
            if unanswered == 0, let answer = answer(head) {
                state = .answering(answer, request: head, start: start)
            } else if unanswered == 0, remote != nil, let (name, id) = addressedItem(head) {
                state = .asking(name: name, id: id, request: head, start: start)
            } else {
                state = .forwarding
                unanswered += 1
                context.fireChannelRead(data)
            }
        case (.answering(let answer, let head, let start), .end):
            state = .idle
            send(answer, for: head, start: start, context: context)
        case (.asking(let name, let id, let head, let start), .end):
            state = .waiting(request: head, start: start)
            guard let lookup = remote?.item(in: name, id: id, on: context.eventLoop) else {
                finish(nil, context: context)
                return
            }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            lookup.whenComplete { result in
                let (handler, context) = bound.value
                handler.finish(try? result.get(), context: context)
            }
        case (.answering, _), (.asking, _):
            break  // a body on a GET: ignored, as the routes do
        case (.forwarding, .end):
            state = .idle
            context.fireChannelRead(data)
        case (.forwarding, _), (.idle, _):
            context.fireChannelRead(data)
        }
    }

    private func send(
        _ answer: Answer, for head: HTTPRequest, start: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        let (method, target) = (head.method, head.path ?? "/")
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
    }

    /// The remote store answered (nil: no such item, or the query failed): the response, or the request passed
    /// on to the routes; then the parts held meanwhile, in order.
    private func finish(_ item: StoredItem?, context: ChannelHandlerContext) {
        guard case .waiting(let head, let start) = state else { return }
        state = .idle
        if let item {
            send(response(for: item, head), for: head, start: start, context: context)
        } else {
            unanswered += 1
            context.fireChannelRead(wrapInboundOut(.head(head)))
            context.fireChannelRead(wrapInboundOut(.end(nil)))
        }
        let parts = held
        held = []
        for part in parts { channelRead(context: context, data: part) }
        context.fireChannelReadComplete()
    }

    /// Responses from the routes pass; their end counts a request passed on as answered.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(unanswered - 1, 0) }
        context.write(data, promise: promise)
    }

    /// The response for a request this handler can answer at once, or nil.
    private func answer(_ head: HTTPRequest) -> Answer? {
        guard let items, let (name, id) = addressedItem(head), let item = items.item(in: name, id: id) else {
            return nil
        }
        return response(for: item, head)
    }

    /// The collection and id of a `GET /NAME/ID` this handler may answer exactly as the routes would, or nil.
    private func addressedItem(_ head: HTTPRequest) -> (String, String)? {
        guard head.method == .get || head.method == .head, let path = head.path else { return nil }
        guard hosts.allows(head.authority) else { return nil }  // the routes answer 421
        guard let (name, id) = Self.itemPath(path) else { return nil }
        if let connection = head.headerFields[.connection], connection.lowercased().contains("close") { return nil }
        if head.headerFields[.apiMock] != nil { return nil }  // a forced fault: the routes' pipeline answers it
        return (name, id)
    }

    private func response(for item: StoredItem, _ head: HTTPRequest) -> Answer {
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
