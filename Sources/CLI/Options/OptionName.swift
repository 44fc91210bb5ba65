/// The long name of every option of `OptionTable.options`, so that reading an option that does not exist does
/// not compile (a test checks the two lists are the same). Add a case here when adding an option to the table.
public enum OptionName: String, CaseIterable, Sendable {
    case help
    case version
    case man
    case profile
    case base
    case print
    case include
    case verbose
    case silent
    case pretty
    case sortKeys = "sort-keys"
    case output
    case download
    case `continue`
    case offline
    case curl
    case form
    case multipart
    case input
    case noStdin = "no-stdin"
    case header
    case userAgent = "user-agent"
    case auth
    case bearer
    case followAnyOrigin = "follow-any-origin"
    case follow
    case maxRedirects = "max-redirects"
    case timeout
    case connectTimeout = "connect-timeout"
    case insecure
    case cacert
    case cert
    case key
    case http11 = "http1.1"
    case http2
    case proxy
    case noCompressed = "no-compressed"
    case ignoreStatus = "ignore-status"
    case ok
    case query
    case arg
    case argjson
    case args
    case raw
    case retry
    case retryAllMethods = "retry-all-methods"
    case retryMaxTime = "retry-max-time"
    case paginate
    case maxPages = "max-pages"
    case nextUrl = "next-url"
    case items
    case ndjson
    case stream
    case parallel
    case rate
    case failFast = "fail-fast"
    case mock
    case port
    case host
    case `static`
    case delay
    case idleTimeout = "idle-timeout"
    case readOnly = "read-only"
    case noWatch = "no-watch"
    case cors
    case maxBody = "max-body"
    case readyFile = "ready-file"
    case quiet
    case strict
    case id
    case fks
    case routes
    case noAdmin = "no-admin"
    case journal
    case fail
    case failStatus = "fail-status"
    case jitter
    case store
    case pool
}

extension ParsedArguments {
    public func flag(_ name: OptionName) -> Bool { values[name.rawValue] != nil }

    /// The last value given for the option (later options override earlier ones).
    public func value(_ name: OptionName) -> String? { values[name.rawValue]?.last }

    /// Every value given for a repeatable option, in order.
    public func all(_ name: OptionName) -> [String] { values[name.rawValue] ?? [] }
}
