/// Redirects followed one by one, so that credentials stay with their origin.
///
/// libcurl itself keeps `-a` and custom `Authorization` / `Cookie` headers from another origin, but it cannot know
/// which other headers are secrets (a profile's `X-Api-Key`). When a request carries any credential and
/// `--follow-any-origin` was not given, each hop is its own transfer and a hop to another origin is sent without
/// the credentials (with a notice).
extension Transfer {
    func performFollowingRedirects(
        _ first: Request, into sink: any ResponseSink, progress: ((Int, Int) -> Void)?
    ) -> TransferResult {
        let credentials = CredentialGuard(credentialsFor: Origin(first.url), allowAnyOrigin: false) {
            [weak self] line in
            self?.onNotice?(line)
        }
        var request = first
        request.options.followRedirects = false
        var redirects = 0
        var totalTime = 0.0
        while true {
            let hop = RedirectHop(inner: sink)
            var result = performOnce(credentials.apply(request), into: hop, progress: progress)
            totalTime += result.totalTime
            result.totalTime = totalTime
            result.redirectCount = redirects
            guard hop.isRedirect, result.failure == nil, let head = result.head, let next = handle.redirectURL else {
                if hop.isRedirect, let head = result.head { sink.receive(head: head) }
                return result
            }
            guard redirects < first.options.maxRedirects else {
                result.failure = .tooManyRedirects(first.options.maxRedirects)
                return result
            }
            let url: RequestURL
            do {
                url = try RequestURL(parsing: next)
            } catch {
                result.failure = .badURL("redirect to \(redacted(next)): \(error)")
                return result
            }
            redirects += 1
            request = request.redirected(to: url, status: head.status)
        }
    }
}

extension Request {
    /// Whether redirects must be followed hop by hop (by us, not by libcurl) to keep credentials with their origin:
    /// `--follow` without `--follow-any-origin` on a request that carries credentials.
    var followsRedirectsByHand: Bool {
        options.followRedirects && !options.credentialsToAnyOrigin && !droppingCredentials().dropped.isEmpty
    }

    /// The next hop of a redirect with `status` to `url`, as libcurl makes it: 303 turns any method but HEAD into
    /// GET; 301 and 302 turn POST into GET; a method turned into GET loses its body and `Content-Type`.
    func redirected(to url: RequestURL, status: Int) -> Request {
        var next = self
        next.url = url
        if (status == 303 && method != "HEAD") || ([301, 302].contains(status) && method == "POST") {
            next.method = "GET"
            next.body = .none
            next.headers.removeAll { $0.name.lowercased() == "content-type" }
        }
        return next
    }
}

/// Passes a response on, unless it is a redirect to follow: then its head and body are dropped.
final class RedirectHop: ResponseSink {
    private let inner: any ResponseSink
    private(set) var isRedirect = false

    init(inner: any ResponseSink) {
        self.inner = inner
    }

    /// Whether `head` is a redirect that `--follow` follows.
    static func isRedirect(_ head: ResponseHead) -> Bool {
        [301, 302, 303, 307, 308].contains(head.status) && head.header("location") != nil
    }

    func receive(head: ResponseHead) {
        isRedirect = Self.isRedirect(head)
        if !isRedirect { inner.receive(head: head) }
    }

    func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        isRedirect ? true : inner.receive(body: chunk)
    }
}
