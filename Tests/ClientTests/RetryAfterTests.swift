import Testing

@testable import Client

/// `Retry-After` from a hostile or careless server: never a crash (Swift traps on overflow), never an endless wait.
@Suite struct RetryAfterTests {
    /// 2026-01-01T00:00:00Z.
    static let now = 1_767_225_600.0

    static let values: [(String, Double?)] = [
        ("120", 120),
        ("  7 ", 7),
        ("0", 0),
        ("9223372036854775807", 1e9),
        ("99999999999999999999999999", 1e9),
        ("1e20", nil),
        ("1e300", nil),
        ("-1", nil),
        ("+5", nil),
        ("0x10", nil),
        ("inf", nil),
        ("nan", nil),
        ("", nil),
        ("1.5", nil),
        ("Thu, 01 Jan 2026 00:01:40 GMT", 100),
        ("Wed, 31 Dec 2025 00:00:00 GMT", 0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799 - now),
        ("Fri, 31 Dec 99999999999 23:59:59 GMT", nil),
        ("Fri, 31 Dec 2026 99999999999:59:59 GMT", nil),
        ("Fri, 9999999999 Dec 2026 23:59:59 GMT", nil),
        ("Fri, 31 Dec 2026 24:00:00 GMT", nil),
    ]

    @Test(arguments: values)
    func parses(_ header: String, _ expected: Double?) {
        #expect(parseRetryAfter(header, now: Self.now) == expected)
    }

    @Test func waitIsCappedAtFiveMinutesWithoutMaxTime() {
        let policy = RetryPolicy(maxRetries: 1)
        #expect(policy.delay(attempt: 1, retryAfter: 1e9) == RetryPolicy.retryAfterCap)
        #expect(policy.delay(attempt: 1, retryAfter: 253_402_300_799 - Self.now) == 300)
        #expect(policy.delay(attempt: 1, retryAfter: .infinity) == 300)
        #expect(policy.delay(attempt: 1, retryAfter: .nan) == 0)
        #expect(policy.delay(attempt: 1, retryAfter: -5) == 0)
        #expect(policy.delay(attempt: 1, retryAfter: 12) == 12)
    }

    @Test func waitIsCappedAtRetryMaxTime() {
        let policy = RetryPolicy(maxRetries: 3, maxTime: 10)
        let delay = policy.delay(attempt: 1, retryAfter: 1e9)
        #expect(delay == 10)
        // A wait that does not fit in what is left of --retry-max-time is not waited: the retry is given up.
        #expect(!policy.allows(attempt: 1, elapsed: 0.5, delay: delay))
        #expect(policy.allows(attempt: 1, elapsed: 0.5, delay: 2))
    }
}
