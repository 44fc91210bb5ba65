import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A few PostgreSQL connections on each event loop of the server, for `GET /NAME/ID` answered on the loop that
/// read the request (`FastItemHandler`): the query is written, answered and the response sent without leaving
/// that thread, where the pool's path hops from the loop to a task, to the connection's loop and back.
///
/// A loop's connections are only used on that loop, and its lookups are coalesced (`LookupLane`): those that
/// arrive while every connection of the loop is busy go out together as one statement. A connection that fails
/// or closes is skipped; when none is left, the request goes to the routes, which use the pool.
final class LoopConnections: EventLoopReads, @unchecked Sendable {
    /// Written once, before the server listens; then only read (each lane is touched by its own loop only).
    private let lanes: [ObjectIdentifier: LookupLane]
    /// Every connection, for `close`.
    private let connections: [PostgresConnection]

    private init(lanes: [ObjectIdentifier: LookupLane], connections: [PostgresConnection]) {
        self.lanes = lanes
        self.connections = connections
    }

    /// Opens `perLoop` connections on each loop of `group`; nil when any cannot be opened (the routes answer then).
    static func open(
        _ configuration: PostgresConnection.Configuration, perLoop: Int, group: MultiThreadedEventLoopGroup
    ) async -> LoopConnections? {
        var lanes: [ObjectIdentifier: LookupLane] = [:]
        var all: [PostgresConnection] = []
        var id = 1_000_000
        for loop in group.makeIterator() {
            var connections: [PostgresConnection] = []
            for _ in 0..<perLoop {
                id += 1
                guard
                    let connection = try? await PostgresConnection.connect(
                        on: loop, configuration: configuration, id: id,
                        logger: Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
                else {
                    for opened in all + connections { try? await opened.close() }
                    return nil
                }
                connections.append(connection)
            }
            all += connections
            lanes[ObjectIdentifier(loop)] = LookupLane(
                loop: loop, connections: connections,
                logger: Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        return LoopConnections(lanes: lanes, connections: all)
    }

    func item(in name: String, id: String, on loop: any EventLoop) -> EventLoopFuture<StoredItem?>? {
        guard loop.inEventLoop, let lane = lanes[ObjectIdentifier(loop)] else { return nil }
        return lane.item(in: name, id: id)
    }

    func close() async {
        for connection in connections { try? await connection.close() }
    }
}
