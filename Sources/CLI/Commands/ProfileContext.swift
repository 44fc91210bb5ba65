import Client
import Support

/// The active profile of the config file, resolved against the environment. Precedence, lowest to highest:
/// built-in defaults, profile, environment variables, command-line options.
struct ProfileContext {
    let config: Config?
    let profile: Profile?
    let variables: EnvironmentVariables

    static func load(_ environment: Environment, profile option: String?) throws(UsageError) -> ProfileContext {
        let variables = environment.variables
        var config: Config?
        if let path = Config.path(variables: variables) {
            do {
                config = try Config.load(path: path)
            } catch {
                throw UsageError(error.description)
            }
        }
        if config == nil, let option {
            throw UsageError(
                "unknown profile '\(option)' (no config file at \(Config.path(variables: variables) ?? "~/.config/api/config.json"))"
            )
        }
        do {
            let profile = try config?.activeProfile(option: option, variables: variables)
            return ProfileContext(config: config, profile: profile, variables: variables)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// A profile value, with `$NAME` read from the environment (a missing variable is a usage error naming it).
    func expand(_ value: String?, setting: String) throws(UsageError) -> String? {
        guard let value, let profile else { return value }
        let name = "profile '\(profile.name)' \(setting)"
        let expanded: String
        do {
            expanded = try expandVariable(value, variables: variables, setting: name)
        } catch {
            throw UsageError(error.description)
        }
        try HeadText.check(expanded, source: name)
        return expanded
    }

    var base: String? { get throws(UsageError) { try expand(profile?.base, setting: "base") } }

    var headers: [HeaderField] {
        get throws(UsageError) {
            var fields: [HeaderField] = []
            for field in profile?.headers ?? [] {
                fields.append(
                    HeaderField(name: field.name, value: try expand(field.value, setting: "header \(field.name)")))
            }
            return fields
        }
    }

    var bearer: String? { get throws(UsageError) { try expand(profile?.bearer, setting: "auth.bearer") } }

    var basic: String? { get throws(UsageError) { try expand(profile?.basic, setting: "auth.basic") } }

    /// `--retry`, `--retry-all-methods`, `--retry-max-time`, over the profile's `retry`.
    func retryPolicy(_ options: ClientOptions.RetryOptions) -> RetryPolicy {
        var policy = RetryPolicy(maxRetries: options.retries ?? profile?.retry ?? 0)
        policy.retryAllMethods = options.allMethods
        policy.maxTime = options.maxTime
        return policy
    }
}
