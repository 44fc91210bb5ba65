import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of the mock server: Hummingbird's core context plus the watch of the request's
/// connection, so a request whose client has gone can be cancelled.
struct MockRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Nil when the request did not come through a `ConnectionGuard` (in-process router tests).
    let connection: ConnectionWatch?
    /// The request's connection, for `X-Api-Mock: drop`.
    let channel: (any Channel)?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        connection = ConnectionWatch.of(source.channel)
        channel = source.channel
    }
}

extension MockRequestContext {
    /// Runs `operation` (answering a request), cancelling it when the client goes; a cancelled request is
    /// answered (and logged) 499, which no client reads.
    func untilClientLeaves(_ operation: @escaping @Sendable () async -> Response) async -> Response {
        guard let connection else { return await operation() }
        return await connection.run {
            let response = await operation()
            return Task.isCancelled ? Self.clientGone() : response
        }
    }

    /// 499, nginx's "client closed request".
    static func clientGone() -> Response {
        JSONResponse.error(
            HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"),
            "the client closed the connection before the response was ready")
    }
}
