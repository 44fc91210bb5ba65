import Hummingbird
import Logging

/// The Hummingbird application for `options` over `store`. `onRunning` gets the bound port once the socket
/// accepts connections.
func makeMockApplication<S: Store>(
    store: S,
    options: MockServerOptions,
    log: StandardErrorLog?,
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> Application<MockResponder<S>> {
    let staticDirectories = [options.staticDirectory, "public"].compactMap { $0 }
    let responder = MockResponder(
        store: store, options: options, staticFiles: StaticFiles(directories: staticDirectories),
        log: options.quiet ? nil : log)
    return Application(
        responder: responder,
        configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
        logger: Logger(label: "api.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    )
}
