import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The Hummingbird application for `options` over `store`. `onRunning` gets the bound port once the socket
/// accepts connections.
func makeMockApplication<S: Store>(
    store: S,
    options: MockServerOptions,
    log: StandardErrorLog?,
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> Application<MockResponder<S>> {
    let staticDirectories = [options.staticDirectory, "public"].compactMap { $0 }
    let hosts = HostPolicy(listeningOn: options.host)
    var responder = MockResponder(
        store: store, options: options, staticFiles: StaticFiles(directories: staticDirectories),
        log: options.quiet ? nil : log)
    responder.hosts = hosts
    let journal = options.journalCapacity > 0 ? RequestJournal(capacity: options.journalCapacity) : nil
    responder.pipeline = RequestPipeline(store: store, options: options, journal: journal)
    // The fast path answers only what needs none of the pipeline's steps before the routes (it journals itself).
    let needsPipeline = options.auth != nil || options.faults.isActive || !options.rewriteRules.isEmpty
    let fastPath = options.delayMilliseconds == 0 && !needsPipeline ? store.immediateReads : nil
    let remoteFastPath = options.delayMilliseconds == 0 && !needsPipeline ? store.eventLoopReads : nil
    let hits = (store as? JSONFileStore)?.immediateHits
    let requestLog = options.quiet ? nil : log
    let cors = CORSPolicy(origin: options.cors)
    let idleTimeout = TimeAmount(options.idleTimeout)
    return Application(
        responder: responder,
        server: .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [ConnectionGuard(idleTimeout: idleTimeout)]
                    + (fastPath == nil && remoteFastPath == nil
                        ? []
                        : [
                            FastItemHandler(
                                items: fastPath, remote: remoteFastPath, hits: hits, cors: cors, hosts: hosts,
                                log: requestLog, journal: journal)
                        ]))),
        configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
        onServerRunning: { channel in
            try? await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(AcceptPause(), position: .first)
            }.get()
            await onRunning(channel.localAddress?.port ?? options.port)
        },
        logger: Logger(label: "api.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    )
}
