/// Spaces request starts at least `1 / rate` seconds apart (`--rate N`); without a rate every start is allowed.
struct StartPacer {
    let interval: Double
    private(set) var nextStart: Double = -.infinity

    /// `rate` in starts per second; nil or not positive: no limit.
    init(rate: Double?) {
        if let rate, rate > 0, rate.isFinite { interval = 1 / rate } else { interval = 0 }
    }

    /// When the next start may happen (in the past when it may happen now).
    func earliestStart() -> Double { nextStart }

    /// Whether a start may happen at `now`.
    func allows(now: Double) -> Bool { interval == 0 || now >= nextStart }

    /// Records a start at `now`; the next one may come `interval` later.
    mutating func recordStart(now: Double) {
        guard interval > 0 else { return }
        nextStart = max(nextStart, now) + interval
    }
}
