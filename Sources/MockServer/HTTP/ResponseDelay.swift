import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `--delay MS` and `?_delay=MS`: latency added before a request is answered.
///
/// A wait ends early when the server shuts down (SIGTERM / SIGINT), so that shutdown never waits for a delay,
/// and stops the request when its client has gone (the request's task is cancelled).
enum ResponseDelay {
    /// The delay for a request: `_delay` when given (0 to `MockServerOptions.maximumDelayMilliseconds`),
    /// otherwise `--delay`; a 400 naming `_delay` when it is not such a number.
    static func milliseconds(_ parameters: QueryParameters, default milliseconds: Int) -> Result<Int, BadDelay> {
        guard let text = parameters["_delay"] else { return .success(milliseconds) }
        let maximum = MockServerOptions.maximumDelayMilliseconds
        guard let value = Int(text), (0...maximum).contains(value) else {
            return .failure(BadDelay(text: text))
        }
        return .success(value)
    }

    struct BadDelay: Error {
        let text: String

        var response: Response {
            JSONResponse.error(
                .badRequest,
                "_delay must be an integer from 0 to \(MockServerOptions.maximumDelayMilliseconds) (milliseconds), "
                    + "got '\(text)'")
        }
    }

    /// Waits `milliseconds`, or less when the server shuts down. False when the request was cancelled (its client
    /// has gone).
    static func wait(milliseconds: Int) async -> Bool {
        guard milliseconds > 0 else { return !Task.isCancelled }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(milliseconds)) }
        return !Task.isCancelled
    }
}
