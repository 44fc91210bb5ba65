import JSON

/// Why the database file cannot be served: `db.json:3:14: unexpected character '}'`.
public struct DatabaseFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        if let line, let column { return "\(path):\(line):\(column): \(message)" }
        return "\(path): \(message)"
    }
}

/// Reads and checks the database file: valid JSON whose top level is an object.
func loadDatabase(_ file: DurableFile, displayName: String, idField: String = "id") throws(DatabaseFileError)
    -> LoadedDatabase
{
    let bytes: [UInt8]
    let identity: FileIdentity
    do {
        (bytes, identity) = try file.read()
    } catch {
        throw DatabaseFileError(path: displayName, message: error.description.dropPrefix("\(file.path): "))
    }
    return LoadedDatabase(
        database: try parseDatabase(bytes, displayName: displayName, idField: idField), identity: identity, text: bytes)
}

/// A database file as read: the data, the file's identity and its bytes.
struct LoadedDatabase: Sendable {
    let database: Database
    let identity: FileIdentity
    let text: [UInt8]
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
