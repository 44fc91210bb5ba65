import HTTPTypes
import JSON
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The first handler after the HTTP codec, seeing every request and response of a connection (those of
/// `FastItemHandler` too). It
/// - closes a connection that has nothing in progress and has received nothing for `idleTimeout`: an idle
///   keep-alive connection, or one whose request head does not arrive in time (a slowloris); a request being
///   answered (a long `_delay`) is never cut, and a request body only has to keep arriving;
/// - tells the connection's `ConnectionWatch` when the client goes (hangs up, or closes its sending side) while a
///   request is in progress, so that its work is cancelled;
/// - gives the 400 that Hummingbird sends for a malformed request head (empty) the JSON body of every other
///   error: `{"error": "malformed request: invalid character in header"}`.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let idleTimeout: TimeAmount
    private let watch = ConnectionWatch()
    /// Requests whose head has been read and whose response has not ended.
    private var inProgress = 0
    /// Between a request's head and its end.
    private var readingRequest = false
    private var lastActivity = NIODeadline.now()
    private var timer: Scheduled<Void>?
    /// The parse error Hummingbird is about to answer with an empty 400.
    private var malformed: HTTPParserError?

    init(idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        ConnectionWatch.register(watch, for: context.channel)
        if context.channel.isActive { armTimer(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        ConnectionWatch.unregister(context.channel)
    }

    func channelActive(context: ChannelHandlerContext) {
        lastActivity = .now()
        armTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        watch.clientLeft()
        ConnectionWatch.unregister(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .head:
            inProgress += 1
            readingRequest = true
        case .body:
            break
        case .end:
            readingRequest = false
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed, inProgress > 0 { watch.clientLeft() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { malformed = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if let error = malformed, head.status == .badRequest, head.headerFields[.contentLength] == "0" {
                malformed = nil
                let body = Self.errorBody(error)
                head.headerFields[.contentType] = JSONResponse.contentType
                head.headerFields[.contentLength] = String(body.readableBytes)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(body)), promise: promise)
                return
            }
        case .body:
            break
        case .end:
            inProgress = max(inProgress - 1, 0)
            lastActivity = .now()
        }
        context.write(data, promise: promise)
    }

    static func errorBody(_ error: HTTPParserError) -> ByteBuffer {
        ByteBuffer(bytes: prettyBytes(["error": .string("malformed request: \(error.debugDescription)")]))
    }

    // MARK: The idle timer

    /// One timer at a time, re-armed from `lastActivity` when it fires early (cheaper than one per request).
    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let deadline = lastActivity + idleTimeout
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.timerFired(context)
        }
    }

    private func timerFired(_ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let waiting = inProgress == 0 || readingRequest
        if waiting, NIODeadline.now() >= lastActivity + idleTimeout {
            context.close(promise: nil)
            return
        }
        if !waiting { lastActivity = .now() }
        armTimer(context)
    }
}
