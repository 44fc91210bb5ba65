import Support

/// A request path split into percent-decoded segments: `/users/1` → `["users", "1"]`.
///
/// A trailing slash is ignored; empty segments (`//`) are kept so `/users//1` does not look like `/users/1`.
struct RequestTarget {
    let segments: [String]

    init(path: String) {
        var pieces = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if pieces.last == "" { pieces = pieces.dropLast() }
        segments = pieces.map { percentDecoded($0) }
    }
}
