import Client

/// How a one-shot request ended, as far as the exit status cares: a plain value, so that the decision is a pure
/// function (table-tested in ExitDecisionTests).
struct RequestOutcome: Equatable {
    /// The transport failure, if the transfer did not end with a response.
    var failure: TransferFailure?
    /// The final response's status and reason phrase, when one arrived.
    var status: Int?
    var reason = ""
    /// `METHOD URL` (the URL redacted, the effective one after redirects) for messages.
    var request = ""
    /// What went wrong with the body after the response arrived (its message, the status it deserves, whether it
    /// stopped the transfer).
    var bodyProblem: BodyProblemSummary?
    /// The download file could not be opened or written.
    var downloadError: String?
    /// `-c` found the download already complete (416 to the Range request).
    var alreadyComplete = false
    /// A download file is open (waiting to be committed or discarded).
    var hasDownload = false
    /// The response head was printed on a terminal, so an error status needs no extra line.
    var headShownOnTerminal = false
    var okStatuses: Set<Int> = []
    var ignoreStatus = false
}

struct BodyProblemSummary: Equatable {
    var message: String
    var status: ExitStatus?
    var stoppedTransfer = false
}

/// The exit status of a one-shot request, the lines for stderr, and what to do with an open download.
struct ExitDecision: Equatable {
    enum DownloadAction: Equatable { case keep, commit, discard }

    var status: ExitStatus
    /// Lines for stderr, without the `api: ` prefix, in order.
    var reports: [String]
    var download: DownloadAction
    /// The request ended before its outcome was known well enough for `-p m` (a download that could not be written,
    /// or was already complete): no metadata line.
    var skipsMetadata = false

    /// Decides; `commitProblem` is what committing the download reported (run `decide` once with nil to learn
    /// whether to commit, then again with the problem if the commit failed).
    static func decide(_ outcome: RequestOutcome, commitProblem: String? = nil) -> ExitDecision {
        var reports: [String] = []
        if let problem = outcome.bodyProblem { reports.append(problem.message) }
        if outcome.bodyProblem?.stoppedTransfer == true {
            // Reported above; the aborted transfer is its consequence.
            return ExitDecision(
                status: .transportFailure, reports: reports, download: outcome.hasDownload ? .discard : .keep)
        }
        if let failure = outcome.failure {
            if let problem = outcome.downloadError {
                return ExitDecision(
                    status: .transportFailure, reports: reports + [problem], download: .discard, skipsMetadata: true)
            }
            reports.append("\(failure.summary) (\(outcome.request))")
            return ExitDecision(
                status: ExitStatus.forFailure(failure), reports: reports,
                download: outcome.hasDownload ? .discard : .keep)
        }
        guard let code = outcome.status else {
            return ExitDecision(status: .transportFailure, reports: reports, download: .keep)
        }
        var status = ExitStatus.forHTTPStatus(code, okStatuses: outcome.okStatuses, ignoreStatus: outcome.ignoreStatus)
        if outcome.alreadyComplete {
            return ExitDecision(
                status: .success, reports: reports + ["the download is already complete"], download: .keep,
                skipsMetadata: true)
        }
        if let problem = outcome.downloadError {
            return ExitDecision(
                status: .transportFailure, reports: reports + [problem], download: .keep, skipsMetadata: true)
        }
        var download = DownloadAction.keep
        if outcome.hasDownload {
            download = status == .success ? .commit : .discard
            if status == .success, let commitProblem {
                reports.append(commitProblem)
                status = .transportFailure
            }
        }
        if ExitStatus.forHTTPStatus(code) != .success, !outcome.headShownOnTerminal {
            reports.append("\(code) \(visible(outcome.reason)) (\(outcome.request))")
        }
        if status == .success, let problemStatus = outcome.bodyProblem?.status { status = problemStatus }
        return ExitDecision(status: status, reports: reports, download: download)
    }
}
