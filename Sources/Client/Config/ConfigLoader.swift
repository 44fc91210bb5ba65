import JSON
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Config {
    /// Loads the config file; nil when it does not exist. Invalid JSON or a setting of the wrong type is an error
    /// naming the file (and line:column), never a silent fallback.
    public static func load(path: String) throws(ConfigError) -> Config? {
        // The usual case, no config file, answered without building an error message: reading strerror's text,
        // lower-casing it and searching it cost 0.8 M instructions (3%) of every one-shot request.
        if access(path, F_OK) != 0, errno == ENOENT { return nil }
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(path)
        } catch {
            // Gone between `access` and the read: no config, as when it never existed.
            if error.errorNumber == ENOENT { return nil }
            throw .unreadable(path: path, reason: error.reason)
        }
        return try parse(bytes, path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(ConfigError) -> Config {
        let root: JSONValue
        do {
            root = try JSON.parse(bytes)
        } catch {
            throw .invalidJSON(path: path, line: error.line, column: error.column, message: error.message)
        }
        guard case .object(let top) = root else {
            throw .badSetting(path: path, setting: "the top level", expected: "an object")
        }
        var config = Config(path: path)
        if let value = top["default"] {
            guard case .string(let name) = value else {
                throw .badSetting(path: path, setting: "default", expected: "a string")
            }
            config.defaultProfile = name
        }
        guard let profilesValue = top["profiles"] else { return config }
        guard case .object(let profiles) = profilesValue else {
            throw .badSetting(path: path, setting: "profiles", expected: "an object")
        }
        for (name, value) in profiles {
            config.profiles.append(try parseProfile(name.string, value, path: path))
        }
        return config
    }

    private static func parseProfile(_ name: String, _ value: JSONValue, path: String) throws(ConfigError) -> Profile {
        let prefix = "profiles.\(name)"
        guard case .object(let fields) = value else {
            throw .badSetting(path: path, setting: prefix, expected: "an object")
        }
        var profile = Profile(name: name)
        func string(_ key: String, _ value: JSONValue?) throws(ConfigError) -> String? {
            guard let value else { return nil }
            guard case .string(let text) = value else {
                throw .badSetting(path: path, setting: "\(prefix).\(key)", expected: "a string")
            }
            guard !containsLineBreak(text) else {
                throw .badSetting(path: path, setting: "\(prefix).\(key)", expected: "free of CR, LF and NUL")
            }
            return text
        }
        /// A number within `range` (the config's numbers are range-checked here, as the command line's are).
        func number(_ key: String, _ range: ClosedRange<Double>, expected: String) throws(ConfigError) -> Double? {
            guard let value = fields[key] else { return nil }
            guard case .number(let number) = value, range.contains(number.doubleValue) else {
                throw .badSetting(path: path, setting: "\(prefix).\(key)", expected: expected)
            }
            return number.doubleValue
        }
        profile.base = try string("base", fields["base"])
        if let headers = fields["headers"] {
            guard case .object(let pairs) = headers else {
                throw .badSetting(path: path, setting: "\(prefix).headers", expected: "an object of strings")
            }
            for (key, value) in pairs {
                let header = key.string
                guard isHeaderName(header) else {
                    throw .badSetting(
                        path: path, setting: "\(prefix).headers.\(header)", expected: "named by a header token")
                }
                guard let text = try string("headers.\(header)", value) else { continue }
                profile.headers.append(HeaderField(name: header, value: text))
            }
        }
        if let auth = fields["auth"] {
            guard case .object(let methods) = auth else {
                throw .badSetting(path: path, setting: "\(prefix).auth", expected: "an object")
            }
            profile.bearer = try string("auth.bearer", methods["bearer"])
            profile.basic = try string("auth.basic", methods["basic"])
        }
        profile.timeout = try number(
            "timeout", 0...Profile.maxSeconds, expected: "seconds from 0 (no limit) to \(Int(Profile.maxSeconds))")
        if let timeout = profile.timeout, timeout > 0, timeout < Profile.minSeconds {
            throw .badSetting(path: path, setting: "\(prefix).timeout", expected: "0 or at least 0.001 seconds")
        }
        let retryRange = Double(Profile.retries.lowerBound)...Double(Profile.retries.upperBound)
        let retryExpected = "a whole number from 0 to \(Profile.retries.upperBound)"
        if let retry = try number("retry", retryRange, expected: retryExpected) {
            guard retry == retry.rounded() else {
                throw .badSetting(path: path, setting: "\(prefix).retry", expected: retryExpected)
            }
            profile.retry = Int(retry)
        }
        return profile
    }
}
