import Client
import JSON

/// Prints the request as it will be sent (`-p H`/`B`, `-v`, `--offline`).
struct RequestPrinter {
    let style: Style
    let pretty: PrettyMode

    func headers(of request: Request) -> String {
        let host = request.url.authority
        let target = request.url.requestTarget
        var text = style.requestLine(method: request.method, target: target) + "\n"
        if request.header("host") == nil { text += style.header("Host", host) + "\n" }
        for field in request.headers {
            if let value = field.value { text += style.header(field.name, value) + "\n" }
        }
        if let auth = request.options.basicAuth {
            text += style.header("Authorization", "Basic " + base64(Array("\(auth.user):\(auth.password)".utf8))) + "\n"
        }
        return text + "\n"
    }

    func body(of request: Request) -> [UInt8] {
        switch request.body {
        case .none: return []
        case .bytes(let bytes):
            if pretty.format || pretty.colors,
                BodyPrinter.isJSON(request.header("content-type").flatMap(MediaType.init)),
                let value = try? JSON.parse(bytes)
            {
                var out: [UInt8] = []
                JSONWriter(layout: pretty.format ? .pretty : .compact, colors: pretty.colors ? .standard : nil)
                    .write(value, into: &out)
                return out + [0x0A]
            }
            return bytes + (bytes.last == 0x0A ? [] : [0x0A])
        case .file(let path): return Array("(body read from \(path))\n".utf8)
        case .stream: return Array("(body streamed from stdin)\n".utf8)
        case .multipart(let parts):
            var text = ""
            for part in parts {
                switch part.content {
                case .field(let value): text += "--- \(part.name)=\(value)\n"
                case .file(let path, _, let type): text += "--- \(part.name)@\(path) (\(type ?? "guessed type"))\n"
                }
            }
            return Array(text.utf8)
        }
    }

}

func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
        let b0 = Int(bytes[index])
        let b1 = index + 1 < bytes.count ? Int(bytes[index + 1]) : 0
        let b2 = index + 2 < bytes.count ? Int(bytes[index + 2]) : 0
        out.append(alphabet[b0 >> 2])
        out.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
        out.append(index + 1 < bytes.count ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : UInt8(ascii: "="))
        out.append(index + 2 < bytes.count ? alphabet[b2 & 63] : UInt8(ascii: "="))
        index += 3
    }
    return String(decoding: out, as: UTF8.self)
}
