import Client

/// `--curl`: the equivalent curl command line, shell-quoted.
enum CurlCommand {
    static func render(_ request: Request) -> String {
        var words = ["curl"]
        let options = request.options
        switch request.method {
        case "GET" where request.body.isEmpty: break
        case "HEAD": words.append("--head")
        case "POST" where !request.body.isEmpty: break
        default: words += ["-X", request.method]
        }
        words.append(request.url.string())
        for field in request.headers {
            guard let value = field.value else {
                words += ["-H", "\(field.name):"]
                continue
            }
            words += ["-H", value.isEmpty ? "\(field.name);" : "\(field.name): \(value)"]
        }
        // libcurl is told not to wait for `100 Continue`; curl would for a big or streamed body.
        if request.header("expect") == nil {
            switch request.body {
            case .file, .stream, .multipart: words += ["-H", "Expect:"]
            case .bytes(let bytes) where bytes.count > 1 << 20: words += ["-H", "Expect:"]
            default: break
            }
        }
        switch request.body {
        case .none: break
        case .bytes(let bytes): words += ["--data-binary", String(decoding: bytes, as: UTF8.self)]
        case .file(let path): words += ["--data-binary", "@" + path]
        case .stream: words += ["--data-binary", "@-"]
        case .multipart(let parts):
            for part in parts {
                switch part.content {
                case .field(let value): words += ["--form-string", "\(part.name)=\(value)"]
                case .file(let path, _, let type):
                    words += ["-F", "\(part.name)=@\(path)" + (type.map { ";type=\($0)" } ?? "")]
                }
            }
        }
        if options.compressed { words.append("--compressed") }
        if options.followRedirects { words += ["-L", "--max-redirs", String(options.maxRedirects)] }
        if let timeout = options.timeout { words += ["--max-time", format(timeout)] }
        if let timeout = options.connectTimeout { words += ["--connect-timeout", format(timeout)] }
        if options.insecure { words.append("-k") }
        if let path = options.caCertificate { words += ["--cacert", path] }
        if let path = options.clientCertificate { words += ["--cert", path] }
        if let path = options.clientKey { words += ["--key", path] }
        switch options.httpVersion {
        case .automatic: break
        case .http1_1: words.append("--http1.1")
        case .http2: words.append("--http2")
        }
        if let proxy = options.proxy { words += ["--proxy", proxy] }
        if let auth = options.basicAuth { words += ["-u", "\(auth.user):\(auth.password)"] }
        return words.map(shellQuote).joined(separator: " ") + "\n"
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// Quotes a word for POSIX shells when it has anything but safe characters.
    static func shellQuote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@,%+".contains($0)) }
        if safe, !word.isEmpty { return word }
        return "'" + word.replacingAll("'", with: "'\\''") + "'"
    }
}
