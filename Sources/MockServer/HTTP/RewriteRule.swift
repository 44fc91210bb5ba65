import JSON
import LinearRegex

/// One of json-server v0's `--routes` rules (express-urlrewrite over path-to-regexp 1): `"/api/*": "/$1"`,
/// `"/blog/:resource/:id/show": "/:resource/:id"`, `"/articles\\?id=:id": "/posts/:id"`.
///
/// The source is matched against the whole request target (path and query), case-insensitively, from start to
/// end (a trailing `/` optional): `:name` is one path segment (`[^/]+`, as short as can be), `*` anything, `\`
/// makes the next character literal (`\?` for the query's `?`), every other character stands for itself. The
/// target gets `$N` (the Nth `:name` or `*`, from 1) and `:name` replaced by what they matched.
public struct RewriteRule: Sendable {
    public let source: String
    public let target: String
    let pattern: Pattern
    /// The capture group of each `:name`.
    let groups: [String: Int]

    /// The most rules a routes file may have, and the longest source or target.
    public static let maximumRules = 1000
    public static let maximumLength = 2000

    public init(source: String, target: String) throws(RewriteRuleError) {
        guard source.hasPrefix("/") else { throw RewriteRuleError("the rule '\(source)' must start with /") }
        guard target.hasPrefix("/") else {
            throw RewriteRuleError("the target '\(target)' of '\(source)' must start with /")
        }
        guard source.utf8.count <= Self.maximumLength, target.utf8.count <= Self.maximumLength else {
            throw RewriteRuleError("the rule '\(source.prefix(40))…' is longer than \(Self.maximumLength) bytes")
        }
        var regex = "^"
        var groups: [String: Int] = [:]
        var groupCount = 0
        var scalars = Array(source.unicodeScalars)
        // path-to-regexp (strict: false) drops one trailing delimiter and accepts it or its absence.
        if scalars.count > 1, scalars.last == "/", scalars[scalars.count - 2] != "\\" { scalars.removeLast() }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                regex += Self.literal(scalars[index + 1])
                index += 2
            } else if scalar == ":", index + 1 < scalars.count, Self.isNameScalar(scalars[index + 1]) {
                var end = index + 1
                while end < scalars.count, Self.isNameScalar(scalars[end]) { end += 1 }
                groupCount += 1
                groups[String(String.UnicodeScalarView(scalars[(index + 1)..<end]))] = groupCount
                regex += "([^/]+?)"
                index = end
            } else if scalar == "*" {
                groupCount += 1
                regex += "(.*)"
                index += 1
            } else {
                regex += Self.literal(scalar)
                index += 1
            }
        }
        regex += "/?$"
        do {
            pattern = try Pattern(regex, options: .caseInsensitive)
        } catch {
            throw RewriteRuleError("the rule '\(source)' cannot be compiled: \(error)")
        }
        self.source = source
        self.target = target
        self.groups = groups
    }

    /// The rewritten target, or nil when `url` (path and query as sent) does not match.
    public func rewrite(_ url: String) -> String? {
        guard let match = pattern.firstMatch(in: url) else { return nil }
        let bytes = Array(url.utf8)
        func group(_ number: Int) -> String {
            guard let range = match[group: number] else { return "" }
            return String(decoding: bytes[range], as: UTF8.self)
        }
        var output = ""
        let scalars = Array(target.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var end = index + 1
            if scalar == "$" {
                while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
                if end > index + 1, let number = Int(String(String.UnicodeScalarView(scalars[(index + 1)..<end]))),
                    number <= pattern.captureCount
                {
                    output += group(number)
                    index = end
                    continue
                }
            } else if scalar == ":" {
                while end < scalars.count, Self.isNameScalar(scalars[end]) { end += 1 }
                if let number = groups[String(String.UnicodeScalarView(scalars[(index + 1)..<end]))] {
                    output += group(number)
                    index = end
                    continue
                }
            }
            output.unicodeScalars.append(scalar)
            index += 1
        }
        return output
    }

    /// Applies `rules` in order, each to the result of the ones before (as Express's middlewares do).
    public static func apply(_ rules: [RewriteRule], to url: String) -> String {
        var current = url
        for rule in rules { current = rule.rewrite(current) ?? current }
        return current
    }

    /// The rules of a routes file: a JSON object of source → target strings, in file order.
    public static func rules(fromFileText bytes: [UInt8], file: String) throws(RewriteRuleError) -> [RewriteRule] {
        let value: JSONValue
        do {
            value = try JSON.parse(bytes)
        } catch {
            throw RewriteRuleError("\(file): \(error.description)")
        }
        guard case .object(let object) = value else {
            throw RewriteRuleError("\(file): the routes must be a JSON object of \"/from\": \"/to\" rules")
        }
        guard object.count <= maximumRules else {
            throw RewriteRuleError("\(file): more than \(maximumRules) rules")
        }
        var rules: [RewriteRule] = []
        for (source, target) in object {
            guard case .string(let text) = target else {
                throw RewriteRuleError("\(file): the target of '\(source)' must be a string")
            }
            do {
                rules.append(try RewriteRule(source: source.string, target: text))
            } catch {
                throw RewriteRuleError("\(file): \(error.message)")
            }
        }
        return rules
    }

    /// `GET /__rules`: the rules as given.
    static func listing(_ rules: [RewriteRule]) -> JSONValue {
        var object = JSONObject()
        for rule in rules { object[rule.source] = .string(rule.target) }
        return .object(object)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    private static func literal(_ scalar: Unicode.Scalar) -> String {
        let special: Set<Unicode.Scalar> = [
            "\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "/",
        ]
        return special.contains(scalar) ? "\\" + String(scalar) : String(scalar)
    }
}

public struct RewriteRuleError: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension RewriteRule {
    /// The largest routes file read.
    public static let maximumFileBytes = 1 << 20

    /// Reads and parses a `--routes` file.
    public static func load(file: String) throws(RewriteRuleError) -> [RewriteRule] {
        guard let bytes = readSmallFile(file, limit: maximumFileBytes) else {
            throw RewriteRuleError(
                "cannot read the routes file \(file) (missing, unreadable or larger than \(maximumFileBytes) bytes)")
        }
        return try rules(fromFileText: bytes, file: file)
    }
}
