import NIOCore
import PostgresNIO

/// One line for a failure of PostgreSQL or of the connection to it, naming the server by its redacted location
/// (never the password).
func describePostgresError(_ error: any Error, _ location: PostgresLocation) -> String {
    if let error = error as? PostgresStoreError { return error.description }
    guard let error = error as? PSQLError else { return "PostgreSQL at \(location.redacted): \(error)" }
    if let info = error.serverInfo {
        let state = info[.sqlState] ?? ""
        let message = info[.message] ?? "error"
        switch state {
        case "28P01", "28000":
            return "PostgreSQL at \(location.redacted) refused user '\(location.user)': \(message)"
        case "3D000":
            return "PostgreSQL at \(location.redacted): database '\(location.database)' does not exist"
        default:
            return "PostgreSQL at \(location.redacted): \(message) (SQLSTATE \(state))"
        }
    }
    switch error.code {
    case .connectionError:
        let reason = error.underlying.map { String(describing: $0) } ?? "connection failed"
        return "cannot connect to PostgreSQL at \(location.redacted): \(reason)"
    case .authMechanismRequiresPassword:
        return "PostgreSQL at \(location.redacted) asks user '\(location.user)' for a password: give one in the URL"
    case .sslUnsupported:
        return
            "PostgreSQL at \(location.redacted) does not offer TLS (sslmode=require); use ?sslmode=disable on a trusted network"
    case .serverClosedConnection, .uncleanShutdown:
        return "PostgreSQL at \(location.redacted) closed the connection"
    default:
        return "PostgreSQL at \(location.redacted): \(error.code)"
    }
}
