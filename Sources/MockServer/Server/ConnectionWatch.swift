import NIOConcurrencyHelpers
import NIOCore

/// What a connection's request tasks need to know about its client: whether it has gone (hung up, or closed its
/// sending side), so that the request being worked on stops instead of finishing for nobody.
///
/// `ConnectionGuard` (on the event loop) reports the client leaving; `run` (in the request's task) cancels the
/// work it is running when that happens.
final class ConnectionWatch: Sendable {
    private struct State {
        var gone = false
        var cancelCurrent: (@Sendable () -> Void)?
    }

    private let state = NIOLockedValueBox(State())

    /// Called when the client has gone: cancels the request being answered, if any.
    func clientLeft() {
        let cancel = state.withLockedValue { state -> (@Sendable () -> Void)? in
            state.gone = true
            defer { state.cancelCurrent = nil }
            return state.cancelCurrent
        }
        cancel?()
    }

    /// Runs `operation` in a task that is cancelled when the client goes (or the caller is cancelled).
    func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await operation() }
        let goneAlready = state.withLockedValue { state -> Bool in
            if !state.gone { state.cancelCurrent = { task.cancel() } }
            return state.gone
        }
        if goneAlready { task.cancel() }
        let value = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        state.withLockedValue { $0.cancelCurrent = nil }
        return value
    }

    // MARK: Finding a connection's watch from a request

    private static let watches = NIOLockedValueBox<[ObjectIdentifier: ConnectionWatch]>([:])

    /// The watch of `channel`, if its pipeline has a `ConnectionGuard`.
    static func of(_ channel: any Channel) -> ConnectionWatch? {
        watches.withLockedValue { $0[ObjectIdentifier(channel)] }
    }

    static func register(_ watch: ConnectionWatch, for channel: any Channel) {
        watches.withLockedValue { $0[ObjectIdentifier(channel)] = watch }
    }

    static func unregister(_ channel: any Channel) {
        _ = watches.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
