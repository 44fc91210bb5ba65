import Support

/// A named set of defaults from the config file: base URL, headers, auth, timeout, retries.
///
/// String values written `$NAME` are read from that environment variable when used, so secrets stay out of the file.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var base: String?
    public var headers: [HeaderField] = []
    public var bearer: String?
    /// "user:password" for basic authentication.
    public var basic: String?
    public var timeout: Double?
    public var retry: Int?

    public init(name: String) { self.name = name }

    /// The range of `timeout` (0 means no limit) and `retry`: the command line's `--timeout` and `--retry` ranges.
    public static let minSeconds = 0.001
    public static let maxSeconds = 1_000_000.0
    public static let retries = 0...1000
}

/// The parsed config file: profiles in file order and the default profile's name.
public struct Config: Sendable, Equatable {
    public var path: String
    public var defaultProfile: String?
    public var profiles: [Profile] = []

    public init(path: String) { self.path = path }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The config file's path: `$API_CONFIG`, else `$XDG_CONFIG_HOME/api/config.json`, else
    /// `~/.config/api/config.json`.
    public static func path(variables: EnvironmentVariables) -> String? {
        if let path = variables["API_CONFIG"], !path.isEmpty { return path }
        if let xdg = variables["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/api/config.json" }
        if let home = variables["HOME"], !home.isEmpty { return home + "/.config/api/config.json" }
        return nil
    }

    /// Picks the active profile: `--profile`, else `$API_PROFILE`, else the file's `default`; nil when none is set.
    public func activeProfile(option: String?, variables: EnvironmentVariables) throws(ConfigError) -> Profile? {
        let environmentChoice = variables["API_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let name = option ?? environmentChoice ?? defaultProfile else { return nil }
        guard let profile = profile(named: name) else {
            throw .unknownProfile(name: name, path: path, known: profiles.map(\.name))
        }
        return profile
    }
}

/// Expands a config value written `$NAME` (the whole value) from the environment.
public func expandVariable(_ value: String, variables: EnvironmentVariables, setting: String) throws(ConfigError)
    -> String
{
    guard value.hasPrefix("$"), value.count > 1 else { return value }
    let name = String(value.dropFirst().drop { $0 == "{" }.prefix { $0 != "}" })
    guard let expanded = variables[name] else { throw .missingVariable(name: name, setting: setting) }
    return expanded
}
