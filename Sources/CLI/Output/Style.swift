/// ANSI styles for the status line and headers (bodies use JSON's own palette).
struct Style {
    let enabled: Bool

    static let reset = "\u{1B}[0m"

    func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m" + text + Style.reset : text
    }

    func statusLine(version: String, status: Int, reason: String) -> String {
        let color =
            switch status {
            case 200..<300: "32;1"
            case 300..<400: "33;1"
            case 400..<600: "31;1"
            default: "36;1"
            }
        return paint(version, "34") + " " + paint("\(status) \(reason)", color)
    }

    func header(_ name: String, _ value: String) -> String {
        paint(name, "36") + ": " + value
    }

    func requestLine(method: String, target: String) -> String {
        paint(method, "32;1") + " " + paint(target, "36") + " " + paint("HTTP/1.1", "34")
    }
}
