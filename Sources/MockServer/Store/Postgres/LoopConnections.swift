import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A few PostgreSQL connections on each event loop of the server, for `GET /NAME/ID` answered on the loop that
/// read the request (`FastItemHandler`): the query is written, answered and the response sent without leaving
/// that thread, where the pool's path hops from the loop to a task, to the connection's loop and back.
///
/// A loop's connections are only used on that loop. A connection that fails or closes is skipped; the request
/// then goes to the routes, which use the pool.
final class LoopConnections: EventLoopReads, @unchecked Sendable {
    private final class Lane {
        let connections: [PostgresConnection]
        /// Round robin; touched only on the lane's loop.
        var next = 0

        init(connections: [PostgresConnection]) { self.connections = connections }
    }

    /// Written once, before the server listens; then only read (each lane's counter by its own loop).
    private let lanes: [ObjectIdentifier: Lane]
    private let logger = Logger(label: "api.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(lanes: [ObjectIdentifier: Lane]) { self.lanes = lanes }

    /// Opens `perLoop` connections on each loop of `group`; nil when any cannot be opened (the routes answer then).
    static func open(
        _ configuration: PostgresConnection.Configuration, perLoop: Int, group: MultiThreadedEventLoopGroup
    ) async -> LoopConnections? {
        var lanes: [ObjectIdentifier: Lane] = [:]
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
                    for opened in lanes.values.flatMap(\.connections) + connections { try? await opened.close() }
                    return nil
                }
                connections.append(connection)
            }
            lanes[ObjectIdentifier(loop)] = Lane(connections: connections)
        }
        return LoopConnections(lanes: lanes)
    }

    func item(in name: String, id: String, on loop: any EventLoop) -> EventLoopFuture<StoredItem?>? {
        guard let lane = lanes[ObjectIdentifier(loop)], loop.inEventLoop, !lane.connections.isEmpty else { return nil }
        let connection = lane.connections[lane.next % lane.connections.count]
        lane.next &+= 1
        guard !connection.isClosed else { return nil }
        // Not prepared: postgres-nio prepares only through its async API (a task), and its older future-based
        // prepared queries measured slower than this (7,000/s against 9,000/s).
        var binds = PostgresBindings(capacity: 2)
        binds.append(name)
        binds.append(id)
        let query = PostgresQuery(unsafeSQL: PostgresPrepared.ItemLookup.sql, binds: binds)
        return connection.query(query, logger: logger).flatMapThrowing { result in
            guard let row = result.rows.first else { return nil }
            let (body, isString) = try row.decode((String, Bool).self)
            return StoredItem(bytes: Array(body.utf8), key: id, keyIsString: isString)
        }
    }

    func close() async {
        for lane in lanes.values {
            for connection in lane.connections { try? await connection.close() }
        }
    }
}
