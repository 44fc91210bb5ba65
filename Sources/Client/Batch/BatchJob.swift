/// One request of a batch on its way: where it is in the output, and how many times it has been tried.
struct BatchJob {
    /// 0-based position in the output (blank lines don't count).
    let index: Int
    let request: Request
    /// Transfers started for it so far.
    var attempts = 0
    /// When the first attempt started (monotonic seconds), for `--retry-max-time`.
    var firstStart = 0.0

    init(index: Int, request: Request) {
        self.index = index
        self.request = request
    }
}
