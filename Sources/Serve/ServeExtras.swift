import CLI
import MockServer

/// The `serve` options beyond json-server's basics: `--id`, `--fks`, `--routes`, `--no-admin`, `--journal`, `--fail`,
/// `--fail-status`, `--jitter`, `--auth`. Each number is range-checked here, where it is read.
enum ServeExtras {
    static func apply(_ arguments: ParsedArguments, to options: inout MockServerOptions) throws(UsageError) {
        if let field = arguments.value(.id) {
            guard !field.isEmpty, field.utf8.count <= 64,
                field.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "$") })
            else {
                throw UsageError(
                    "bad --id '\(field)': expected a field name such as _id (letters, digits, '_', '-', '$')")
            }
            options.idField = field
        }
        if let suffix = arguments.value(.fks) {
            guard !suffix.isEmpty, !suffix.contains(where: { $0 == ":" || $0 == "." || $0 == "=" || $0 == "&" })
            else {
                throw UsageError("bad --fks '\(suffix)': expected a field name suffix such as Id or _id")
            }
            options.foreignKeySuffix = suffix
        }
        if let file = arguments.value(.routes) {
            do {
                options.rewriteRules = try RewriteRule.load(file: file)
            } catch {
                throw UsageError("bad --routes: \(error.message)")
            }
        }
        options.admin = !arguments.flag(.noAdmin)
        if let text = arguments.value(.journal) {
            options.journalCapacity = try NumberArgument.integer(
                text, option: "journal", range: 0...MockServerOptions.maximumJournalCapacity,
                unit: "a number of requests")
        }
        if let text = arguments.value(.fail) {
            guard NumberArgument.isDecimal(text), let rate = Double(text), (0...1).contains(rate) else {
                throw UsageError("bad --fail '\(text)': expected a share of requests from 0 to 1, e.g. 0.1")
            }
            options.faults.failRate = rate
        }
        if let text = arguments.value(.failStatus) {
            options.faults.failStatus = try NumberArgument.integer(
                text, option: "fail-status", range: FaultPolicy.failStatuses, unit: "an HTTP status")
        }
        if let text = arguments.value(.jitter) {
            options.faults.jitterMilliseconds = try NumberArgument.integer(
                text, option: "jitter", range: 0...MockServerOptions.maximumDelayMilliseconds, unit: "milliseconds")
        }
        if let text = arguments.value(.auth) {
            guard let credentials = RequiredCredentials(text) else {
                throw UsageError("bad --auth for serve: expected bearer:TOKEN or basic:USER:PASS")
            }
            options.auth = credentials
        }
    }
}
