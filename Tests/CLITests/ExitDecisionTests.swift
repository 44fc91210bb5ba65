import Client
import Testing

@testable import CLI

/// The exit status of a one-shot request, its stderr lines and what happens to a download, decided from a plain
/// outcome: one row per branch.
@Suite struct ExitDecisionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let outcome: RequestOutcome
        var commitProblem: String? = nil
        let status: Client.ExitStatus
        let reports: [String]
        var download: ExitDecision.DownloadAction = .keep
        var testDescription: String { name }
    }

    static func outcome(_ change: (inout RequestOutcome) -> Void) -> RequestOutcome {
        var outcome = RequestOutcome(request: "GET http://h.test/x")
        change(&outcome)
        return outcome
    }

    static let rows: [Row] = [
        Row(name: "200", outcome: outcome { $0.status = 200 }, status: .success, reports: []),
        Row(
            name: "404",
            outcome: outcome {
                $0.status = 404; $0.reason = "Not Found"
            }, status: .clientError,
            reports: ["404 Not Found (GET http://h.test/x)"]),
        Row(
            name: "404 shown on a terminal",
            outcome: outcome {
                $0.status = 404; $0.headShownOnTerminal = true
            }, status: .clientError, reports: []),
        Row(
            name: "404 with --ok 404",
            outcome: outcome {
                $0.status = 404; $0.reason = "Not Found"; $0.okStatuses = [404]
            },
            status: .success, reports: ["404 Not Found (GET http://h.test/x)"]),
        Row(
            name: "503 with --ignore-status",
            outcome: outcome {
                $0.status = 503; $0.reason = "Busy"; $0.ignoreStatus = true
            },
            status: .success, reports: ["503 Busy (GET http://h.test/x)"]),
        Row(
            name: "302 not followed",
            outcome: outcome {
                $0.status = 302; $0.reason = "Found"
            }, status: .redirection,
            reports: ["302 Found (GET http://h.test/x)"]),
        Row(
            name: "timeout", outcome: outcome { $0.failure = .timeout("Operation timed out after 1000 ms") },
            status: .timeout, reports: ["timed out: operation timed out after 1000 ms (GET http://h.test/x)"]),
        Row(
            name: "too many redirects", outcome: outcome { $0.failure = .tooManyRedirects(3) },
            status: .tooManyRedirects,
            reports: ["more than 3 redirects (raise --max-redirects) (GET http://h.test/x)"]),
        Row(
            name: "bad URL", outcome: outcome { $0.failure = .badURL("Malformed") }, status: .usage,
            reports: ["bad URL: malformed (GET http://h.test/x)"]),
        Row(
            name: "failure discards the download",
            outcome: outcome {
                $0.failure = .transport("Connection refused"); $0.hasDownload = true
            },
            status: .transportFailure, reports: ["connection refused (GET http://h.test/x)"], download: .discard),
        Row(
            name: "failure with a download error",
            outcome: outcome {
                $0.failure = .aborted("x"); $0.downloadError = "cannot write f: disk full"
            },
            status: .transportFailure, reports: ["cannot write f: disk full"], download: .discard),
        Row(
            name: "body over the limit",
            outcome: outcome {
                $0.status = 200; $0.failure = .aborted("write error")
                $0.bodyProblem = BodyProblemSummary(
                    message: "body over 1 KiB", status: .transportFailure, stoppedTransfer: true)
            }, status: .transportFailure, reports: ["body over 1 KiB"]),
        Row(
            name: "a failed query on a 200",
            outcome: outcome {
                $0.status = 200
                $0.bodyProblem = BodyProblemSummary(message: "--query: cannot index number", status: .usage)
            }, status: .usage, reports: ["--query: cannot index number"]),
        Row(
            name: "a failed query on a 500 keeps the 5",
            outcome: outcome {
                $0.status = 500; $0.reason = "Oops"
                $0.bodyProblem = BodyProblemSummary(message: "--query: not JSON", status: .usage)
            }, status: .serverError, reports: ["--query: not JSON", "500 Oops (GET http://h.test/x)"]),
        Row(
            name: "download committed on 200",
            outcome: outcome {
                $0.status = 200; $0.hasDownload = true
            },
            status: .success, reports: [], download: .commit),
        Row(
            name: "download commit fails",
            outcome: outcome {
                $0.status = 200; $0.hasDownload = true
            },
            commitProblem: "cannot rename f: permission denied", status: .transportFailure,
            reports: ["cannot rename f: permission denied"], download: .commit),
        Row(
            name: "download discarded on 404",
            outcome: outcome {
                $0.status = 404; $0.reason = "Nope"; $0.hasDownload = true
            },
            status: .clientError, reports: ["404 Nope (GET http://h.test/x)"], download: .discard),
        Row(
            name: "download already complete",
            outcome: outcome {
                $0.status = 416; $0.alreadyComplete = true
            },
            status: .success, reports: ["the download is already complete"]),
        Row(
            name: "download cannot be opened",
            outcome: outcome {
                $0.status = 200; $0.downloadError = "cannot open f"
            },
            status: .transportFailure, reports: ["cannot open f"]),
        Row(name: "no response", outcome: outcome { _ in }, status: .transportFailure, reports: []),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let decision = ExitDecision.decide(row.outcome, commitProblem: row.commitProblem)
        #expect(decision.status == row.status)
        #expect(decision.reports == row.reports)
        #expect(decision.download == row.download)
    }
}
