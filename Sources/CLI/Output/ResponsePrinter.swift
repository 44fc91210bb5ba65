import Client
import JSON

/// The response sink of a one-shot request: prints the head and body to stdout as the options ask, or saves the
/// body to a file.
final class ResponsePrinter: ResponseSink {
    private let output: any OutputStream
    private let selection: PrintSelection
    private let pretty: PrettyMode
    private let sortKeys: Bool
    private let terminal: Bool
    private let style: Style
    private let download: DownloadFile?
    private var body: BodyPrinter?
    private(set) var head: ResponseHead?
    /// Set when writing the downloaded file failed.
    private(set) var downloadError: String?

    init(
        output: any OutputStream, selection: PrintSelection, pretty: PrettyMode, sortKeys: Bool, terminal: Bool,
        download: DownloadFile?
    ) {
        self.output = output
        self.selection = selection
        self.pretty = pretty
        self.sortKeys = sortKeys
        self.terminal = terminal
        self.style = Style(enabled: pretty.colors)
        self.download = download
    }

    func receive(head: ResponseHead) {
        self.head = head
        if selection.responseHeaders {
            var text = style.statusLine(version: head.version, status: head.status, reason: head.reason) + "\n"
            for (name, value) in head.headers { text += style.header(name, value) + "\n" }
            text += "\n"
            output.write(text)
        }
        if download == nil, selection.responseBody {
            body = BodyPrinter(output: output, head: head, pretty: pretty, sortKeys: sortKeys, terminal: terminal)
        }
    }

    func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        if let download {
            guard download.write(chunk) else {
                downloadError = download.error
                return false
            }
            return true
        }
        body?.write(chunk)
        return true
    }

    /// Ends the output; returns a message for stderr when the body could not be formatted.
    func finish() -> String? {
        body?.finish()
        output.flush()
        return body?.formatError
    }
}
