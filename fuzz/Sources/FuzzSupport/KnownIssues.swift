/// Inputs that hit crashes already reported in issue 8 and fixed by other parts of it (pagination and id overflow,
/// backtracking `_like`). Skipped so that the fuzzer can look for new ones; set `FUZZ_KNOWN=1` to try them too
/// (after those fixes are merged, the filter can go).
public enum KnownIssues {
    public static let skipped: Bool = {
        guard let value = getenvString("FUZZ_KNOWN") else { return true }
        return value != "1"
    }()

    /// A query parameter whose value is a huge number, or a regular-expression filter.
    /// Also a `_delay` of more than 99 ms, which is not an issue but would only make the run slow.
    public static func isKnown(name: String, value: String) -> Bool {
        if name == "_delay" && value.utf8.count > 2 { return true }
        guard skipped else { return false }
        if name.hasSuffix("_like") || name.hasSuffix(":like") { return true }
        let paging: Set<String> = ["_page", "_per_page", "_start", "_end", "_limit"]
        return paging.contains(name) && value.utf8.count > 6
    }

    /// A request body holding a number of 18 or more digits (an integer id near `Int.max`).
    public static func isKnown(body: [UInt8]) -> Bool {
        guard skipped else { return false }
        var run = 0
        for byte in body {
            run = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? run + 1 : 0
            if run >= 18 { return true }
        }
        return false
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private func getenvString(_ name: String) -> String? {
    guard let pointer = getenv(name) else { return nil }
    return String(cString: pointer)
}
