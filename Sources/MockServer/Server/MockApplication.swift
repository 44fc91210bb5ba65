import Hummingbird
import HummingbirdCore
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
    let fastPath = options.delayMilliseconds == 0 ? store.publishedItems : nil
    let requestLog = options.quiet ? nil : log
    let cors = CORSPolicy(origin: options.cors)
    return Application(
        responder: responder,
        server: .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: fastPath.map { [FastItemHandler(items: $0, cors: cors, log: requestLog)] }
                    ?? [])),
        configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
        logger: Logger(label: "api.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    )
}
