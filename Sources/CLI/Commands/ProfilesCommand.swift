import Client

/// `api profiles`: the config file's profiles with their base URLs (no secrets: auth and header values are never
/// printed, nor a password in a base URL).
struct ProfilesCommand {
    let environment: Environment
    let arguments: ParsedArguments

    func run() throws(UsageError) -> Int32 {
        let context = try ProfileContext.load(environment, profile: arguments.value(.profile))
        let stdout = environment.stdout
        guard let config = context.config else {
            let path = Config.path(variables: environment.variables) ?? "~/.config/api/config.json"
            stdout.write("no config file at \(path)\n")
            stdout.flush()
            return 0
        }
        let width = config.profiles.map(\.name.count).max() ?? 0
        for profile in config.profiles {
            let marker = profile.name == context.profile?.name ? "*" : " "
            let padding = String(repeating: " ", count: width - profile.name.count)
            var line = "\(marker) \(profile.name)\(padding)  \(profile.base.map(redacted) ?? "(no base)")"
            if profile.bearer != nil || profile.basic != nil { line += "  (auth)" }
            stdout.write(line + "\n")
        }
        stdout.flush()
        return 0
    }
}
