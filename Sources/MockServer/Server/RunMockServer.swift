import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `api serve --mock` until SIGINT or SIGTERM.
///
/// Returns the exit status: 0 after a clean stop (requests in flight finished, pending saves written), 2 when
/// the database file is not a JSON object (`FILE:LINE:COL: message` on stderr, nothing listened, the file
/// untouched), 1 when the address cannot be bound. Log lines go to stderr.
public func runMockServer(_ options: MockServerOptions) async -> Int32 {
    let log = StandardErrorLog()
    defer { log.flush() }
    switch options.store {
    case .file: return await runOverFile(options, log)
    case .postgres(let location): return await runOverPostgres(location, options, log)
    }
}

/// The JSON file is the store.
private func runOverFile(_ options: MockServerOptions, _ log: StandardErrorLog) async -> Int32 {
    let store: JSONFileStore
    do {
        store = try JSONFileStore(path: options.file, idField: options.idField) { log.immediate($0) }
    } catch {
        log.immediate(error.description)
        return 2
    }
    // A database file we may not replace is served read-only (the store says why), as with --read-only.
    var readOnlyOptions = options
    if let reason = store.readOnlyReason, !options.readOnly {
        log.immediate("api: \(reason): serving it read-only, as with --read-only")
        readOnlyOptions.readOnly = true
    }
    let summary = store.snapshot().summary
    var watch: (@Sendable () async -> Void)?
    if readOnlyOptions.watch { watch = { await store.watch() } }
    let status = await serve(
        store, readOnlyOptions, log, what: readOnlyOptions.dataName, summary: summary, background: watch)
    await store.close()
    return status
}

/// A PostgreSQL database is the store; FILE, when given, seeds it the first time.
private func runOverPostgres(_ location: PostgresLocation, _ options: MockServerOptions, _ log: StandardErrorLog)
    async -> Int32
{
    var seed: SeedText?
    if options.fileGiven {
        do throws(FileError) {
            seed = SeedText(path: options.file, bytes: try DurableFile(path: options.file).read().bytes)
        } catch {
            log.immediate("api: \(error)")
            return 2
        }
    }
    let store: PostgresStore
    do {
        store = try await PostgresStore.open(
            location, pool: options.pool, idField: options.idField, seed: seed, log: { log.immediate($0) })
    } catch {
        log.immediate("api: \(error.description)")
        return error.status
    }
    let summary = ((try? await store.resources()) ?? []).map { resource in
        resource.count.map { "\(resource.name): \($0)" } ?? resource.name
    }.joined(separator: ", ")
    let status = await serve(store, options, log, what: options.dataName, summary: summary, background: nil)
    await store.close()
    return status
}

/// Listens and serves `store` until SIGINT or SIGTERM; `background` runs meanwhile (the file watch).
private func serve<S: Store>(
    _ store: S, _ options: MockServerOptions, _ log: StandardErrorLog, what: String, summary: String,
    background: (@Sendable () async -> Void)?
) async -> Int32 {
    if !listensOnLoopback(options.host) {
        log.immediate(
            "api: warning: listening on \(options.host): the data in \(what) is now reachable from the network")
    }
    let app = makeMockApplication(store: store, options: options, log: log) { port in
        let url = "http://\(hostForURL(options.host)):\(port)"
        log.immediate("api: serving \(what) at \(url) (\(summary.isEmpty ? "no resources yet" : summary))")
        if let readyFile = options.readyFile {
            do throws(FileError) {
                try writeReadyFile(readyFile, contents: url + "\n")
            } catch {
                log.immediate("api: warning: \(error)")
            }
        }
    }
    return await withTaskGroup(of: Void.self) { group in
        if let background { group.addTask { await background() } }
        var status: Int32 = 0
        do {
            try await runUntilSignalled(app)
        } catch is CancellationError {
            // requests still running after the grace period were cancelled: still a clean stop
        } catch {
            log.immediate("api: cannot listen on \(hostForURL(options.host)):\(options.port): \(describe(error))")
            status = 1
        }
        group.cancelAll()
        return status
    }
}

/// How long a SIGTERM / SIGINT lets requests in flight finish before they are cancelled. Waits (`--delay`,
/// `_delay`) end at once; the store's pending writes are flushed after either.
let shutdownGracePeriod = Duration.seconds(3)

/// Runs the application until SIGTERM or SIGINT: new connections are refused, idle ones closed, requests in flight
/// get `shutdownGracePeriod` to finish and are then cancelled.
private func runUntilSignalled(_ app: some Service) async throws {
    var configuration = ServiceGroupConfiguration(
        services: [app], gracefulShutdownSignals: [.sigterm, .sigint],
        logger: Logger(label: "api.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
    configuration.maximumGracefulShutdownDuration = shutdownGracePeriod
    try await ServiceGroup(configuration: configuration).run()
}

func hostForURL(_ host: String) -> String {
    host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
}

private func describe(_ error: any Error) -> String {
    if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
    return "\(error)"
}
