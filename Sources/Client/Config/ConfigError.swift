/// A problem with the config file or a profile; a usage error (exit status 2).
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not valid JSON: the file, line and column.
    case invalidJSON(path: String, line: Int, column: Int, message: String)
    /// A setting of the wrong type, e.g. `profiles.staging.timeout` not a number.
    case badSetting(path: String, setting: String, expected: String)
    case unreadable(path: String, reason: String)
    case unknownProfile(name: String, path: String, known: [String])
    /// A `$NAME` value whose variable is not set.
    case missingVariable(name: String, setting: String)

    public var description: String {
        switch self {
        case .invalidJSON(let path, let line, let column, let message): "\(path):\(line):\(column): \(message)"
        case .badSetting(let path, let setting, let expected): "\(path): \(setting) must be \(expected)"
        case .unreadable(let path, let reason): "cannot read config \(path): \(reason)"
        case .unknownProfile(let name, let path, let known):
            "unknown profile '\(name)' (\(known.isEmpty ? "no profiles in \(path)" : "known: \(known.joined(separator: ", "))"))"
        case .missingVariable(let name, let setting): "\(setting) reads $\(name), which is not set"
        }
    }
}
