/// One request of a batch on its way: where it is in the output, and how many times it has been tried.
struct BatchJob {
    /// 0-based position in the output (blank lines don't count).
    let index: Int
    let request: Request
    /// Transfers started for it so far.
    var attempts = 0
    /// When the first attempt started (monotonic seconds), for `--retry-max-time`.
    var firstStart = 0.0

    /// Set when its redirects are followed hop by hop (`Request.followsRedirectsByHand`): the origin its
    /// credentials were given for, and the hops made so far.
    var credentialsOrigin: Origin?
    var redirects = 0

    init(index: Int, request: Request) {
        self.index = index
        self.request = request
    }

    /// The job as it is first started: one whose credentials must stay with their origin follows its redirects
    /// itself, hop by hop, instead of leaving them to libcurl.
    func followingRedirectsByHand() -> BatchJob {
        guard attempts == 0, credentialsOrigin == nil, request.followsRedirectsByHand else { return self }
        var request = request
        request.options.followRedirects = false
        var job = BatchJob(index: index, request: request)
        job.credentialsOrigin = Origin(self.request.url)
        return job
    }

    /// The next hop after a redirect with `status` to `url`, its credentials dropped by `guard` when `url` is on
    /// another origin (and from then on).
    func nextHop(to url: RequestURL, status: Int, guard credentials: CredentialGuard) -> BatchJob {
        var job = BatchJob(index: index, request: credentials.apply(request.redirected(to: url, status: status)))
        job.credentialsOrigin = credentialsOrigin
        job.redirects = redirects + 1
        return job
    }
}
