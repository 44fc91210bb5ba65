import Client
import JSON

/// The response sink of a one-shot request: prints the head and the body as the options ask (formatted, filtered
/// by `--query`, streamed line by line), or saves the body to a file.
final class ResponsePrinter: ResponseSink {
    struct Settings {
        var selection: PrintSelection
        var pretty: PrettyMode
        var sortKeys = false
        var terminal = false
        var query: Query?
        var raw = false
        /// `--stream`: line by line whatever the content type.
        var forceStream = false
        /// Statuses that count as success (a query runs only on those).
        var isSuccess: (Int) -> Bool = { (200..<300).contains($0) }
        /// `--max-body`: how much of a body to hold when it must be read whole.
        var maxBody = BodyLimit.standard
    }

    /// Where `-o FILE` / `-d` save the body.
    enum DownloadPlan {
        /// `-o FILE`; `resumeFrom` is the size of the partial file a `-c` asked to continue.
        case file(path: String, resumeFrom: Int?)
        /// `-d`: the name comes from Content-Disposition or the URL. With `-c`, `resumeName` is the file named after
        /// the URL (its size gave the Range): the only file that may be written.
        case automatic(path: String, resumeFrom: Int?, resumeName: String? = nil)

        var resumeFrom: Int? {
            switch self {
            case .file(_, let size), .automatic(_, let size, _): size
            }
        }
    }

    private let output: any OutputStream
    private let settings: Settings
    private let style: Style
    private let downloadPlan: DownloadPlan?
    private var body: (any BodyHandler)?
    private(set) var head: ResponseHead?
    /// The file the body is being saved to (a successful response to a download).
    private(set) var download: DownloadFile?
    /// Set when the download file could not be opened or written.
    private(set) var downloadError: String?
    /// A resumed download that the server says is already complete (416 to the Range request).
    private(set) var alreadyComplete = false

    init(output: any OutputStream, settings: Settings, download: DownloadPlan?) {
        self.output = output
        self.settings = settings
        self.style = Style(enabled: settings.pretty.colors)
        self.downloadPlan = download
    }

    /// Opens the download file for a successful response; error responses are printed instead, never saved.
    private func startDownload(_ head: ResponseHead) -> Bool {
        guard let plan = downloadPlan else { return false }
        let path: String
        let resumeFrom: Int?
        var exclusive = false
        switch plan {
        case .file(let file, let resume):
            path = file
            resumeFrom = resume
        case .automatic(_, let resume, let resumeName?):
            // -d -c: the Range came from the file named after the URL; a server naming another file could make us
            // append to (or overwrite) any file here, so a different Content-Disposition name is an error.
            let offered = head.header("content-disposition").flatMap(DownloadName.fileName(fromDisposition:))
            if let offered, DownloadName.sanitize(offered) != resumeName {
                downloadError =
                    "the server names the file '\(visible(offered))', but --continue resumes '\(resumeName)'; "
                    + "nothing written"
                return true
            }
            path = resumeName
            resumeFrom = resume
        case .automatic(let urlPath, let resume, nil):
            let name = DownloadName.choose(
                contentDisposition: head.header("content-disposition"), path: urlPath, mediaType: head.mediaType)
            path = DownloadName.unused(name) { DownloadFile.exists($0) }
            resumeFrom = resume
            exclusive = true
        }
        if resumeFrom != nil, head.status == 416 {
            alreadyComplete = true
            return true
        }
        guard settings.isSuccess(head.status), (200..<300).contains(head.status) else { return false }
        let file = DownloadFile(
            path: path, appending: resumeFrom != nil && head.status == 206, exclusive: exclusive)
        output.flush()  // nothing stays buffered while the interrupt handler may end the process
        if let problem = file.open() {
            downloadError = problem
        } else {
            download = file
        }
        return true
    }

    func receive(head: ResponseHead) {
        self.head = head
        let selection = settings.selection
        if selection.responseHeaders {
            // On a terminal the server's text is shown with its control characters escaped (no ESC sequences).
            let terminal = settings.terminal
            func shown(_ text: String) -> String { terminal ? TerminalText.visible(text) : text }
            var text =
                style.statusLine(version: shown(head.version), status: head.status, reason: shown(head.reason)) + "\n"
            for (name, value) in head.headers { text += style.header(shown(name), shown(value)) + "\n" }
            text += "\n"
            output.write(text)
        }
        if startDownload(head) { return }
        guard selection.responseBody else { return }
        let printer = ValuePrinter(pretty: settings.pretty, raw: settings.raw)
        let streaming = settings.forceStream || head.contentType?.isLineStream == true
        let query = settings.isSuccess(head.status) ? settings.query : nil
        if streaming {
            body = LineStreamHandler(
                query: query, printer: printer, output: output,
                formatJSON: settings.pretty.format || settings.pretty.colors,
                verbatim: settings.terminal ? TerminalSafeOutput(output) : nil, limit: settings.maxBody)
        } else if let query {
            body = QueryBodyHandler(query: query, printer: printer, output: output, limit: settings.maxBody)
        } else {
            body = BodyPrinter(
                output: output, head: head, pretty: settings.pretty, sortKeys: settings.sortKeys,
                terminal: settings.terminal, limit: settings.maxBody)
        }
    }

    func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        if downloadError != nil { return false }
        if alreadyComplete { return true }
        if let download {
            guard download.write(chunk) else {
                downloadError = download.error
                return false
            }
            return true
        }
        return body?.write(chunk) ?? true
    }

    /// Ends the output; returns a problem for stderr (a body that could not be formatted, a failed query).
    func finish() -> BodyProblem? {
        let problem = body?.finish()
        output.flush()
        return problem
    }
}
