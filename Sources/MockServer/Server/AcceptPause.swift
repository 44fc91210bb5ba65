import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops accepting connections for a while when `accept` fails for want of resources (out of file descriptors:
/// `EMFILE`, `ENFILE`; `ENOBUFS`, `ENOMEM`), instead of retrying at once for ever.
///
/// NIO's `AcceptBackoffHandler` is in every server pipeline, but it delays the *next* read, and after a failed
/// accept NIO still counts the current read as pending and keeps the listening socket registered: the event loop
/// wakes up, fails to accept and wakes up again, at 100% CPU. This handler, first in the server channel's
/// pipeline, turns `autoRead` off (which unregisters the socket) and back on after `pause`; connections wait in
/// the kernel's backlog meanwhile and are accepted once descriptors are free.
final class AcceptPause: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let pause: TimeAmount
    private var paused = false

    init(pause: TimeAmount = .seconds(1)) {
        self.pause = pause
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !paused, let error = error as? IOError, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode),
            let options = context.channel.syncOptions
        {
            paused = true
            try? options.setOption(.autoRead, value: false)
            context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: pause) {
                self.paused = false
                try? context.channel.syncOptions?.setOption(.autoRead, value: true)
            }
        }
        context.fireErrorCaught(error)
    }
}
