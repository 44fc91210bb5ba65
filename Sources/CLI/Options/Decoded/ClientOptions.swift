import Client

/// The options every client command shares (`api METHOD TARGET` and `api batch`): profile, base URL, headers,
/// authentication, body sources and transfer settings. Decoded once, right after parsing, by `init(_:)`; numbers
/// are range-checked and files checked for reading here, so later code reads plain values only.
struct ClientOptions {
    var profile: String?
    var base: String?
    /// `-H` values as given (`Name: value`), in order.
    var headers: [String]
    var userAgent: String?
    var auth: String?
    var bearer: String?
    var form: Bool
    var multipart: Bool
    var input: String?
    var noStdin: Bool
    /// `--offline` or `--curl`: the body is printed, not sent, so stdin is read whole.
    var printsRequest: Bool
    var followAnyOrigin: Bool
    var verbose: Bool
    var maxBody: BodyLimit
    var retry: RetryOptions
    /// Transfer settings from the options alone (the profile's timeout is applied by `RequestBuilder`).
    var transfer: TransferOptions
    /// `--timeout` was given (else the profile's timeout applies).
    var timeoutGiven: Bool

    struct RetryOptions {
        var retries: Int?
        var allMethods: Bool
        var maxTime: Double?
    }

    init(_ arguments: ParsedArguments) throws(UsageError) {
        profile = arguments.value(.profile)
        base = arguments.value(.base)
        headers = arguments.all(.header)
        userAgent = arguments.value(.userAgent)
        auth = arguments.value(.auth)
        bearer = arguments.value(.bearer)
        form = arguments.flag(.form)
        multipart = arguments.flag(.multipart)
        input = arguments.value(.input)
        noStdin = arguments.flag(.noStdin)
        printsRequest = arguments.flag(.offline) || arguments.flag(.curl)
        followAnyOrigin = arguments.flag(.followAnyOrigin)
        verbose = arguments.flag(.verbose)
        maxBody = try bodyLimit(arguments.value(.maxBody))

        var retry = RetryOptions(retries: nil, allMethods: arguments.flag(.retryAllMethods), maxTime: nil)
        if let value = arguments.value(.retry) {
            retry.retries = try NumberArgument.integer(
                value, option: "retry", range: NumberArgument.retries, unit: "a whole number of retries")
        }
        if let value = arguments.value(.retryMaxTime) {
            retry.maxTime = try NumberArgument.decimal(value, option: "retry-max-time", range: NumberArgument.seconds)
        }
        self.retry = retry

        var options = TransferOptions()
        options.followRedirects = arguments.flag(.follow)
        if let value = arguments.value(.maxRedirects) {
            options.maxRedirects = try NumberArgument.integer(
                value, option: "max-redirects", range: NumberArgument.redirects)
        }
        options.timeout = try Self.seconds(arguments, .timeout)
        timeoutGiven = options.timeout != nil
        options.connectTimeout = try Self.seconds(arguments, .connectTimeout)
        options.insecure = arguments.flag(.insecure)
        options.caCertificate = try Self.readableFile(arguments, .cacert)
        options.clientCertificate = try Self.readableFile(arguments, .cert)
        options.clientKey = try Self.readableFile(arguments, .key)
        if arguments.flag(.http11) && arguments.flag(.http2) {
            throw UsageError("--http1.1 and --http2 cannot be used together")
        }
        if arguments.flag(.http11) { options.httpVersion = .http1_1 }
        if arguments.flag(.http2) { options.httpVersion = .http2 }
        options.proxy = arguments.value(.proxy)
        options.compressed = !arguments.flag(.noCompressed)
        options.credentialsToAnyOrigin = followAnyOrigin
        transfer = options
    }

    private static func seconds(_ arguments: ParsedArguments, _ option: OptionName) throws(UsageError) -> Double? {
        guard let value = arguments.value(option) else { return nil }
        return try NumberArgument.decimal(value, option: option.rawValue, range: NumberArgument.seconds)
    }

    private static func readableFile(_ arguments: ParsedArguments, _ option: OptionName) throws(UsageError)
        -> String?
    {
        guard let path = arguments.value(option) else { return nil }
        do {
            try LocalFile.checkReadable(path)
        } catch {
            throw UsageError("--\(option.rawValue): \(error)")
        }
        return path
    }
}
