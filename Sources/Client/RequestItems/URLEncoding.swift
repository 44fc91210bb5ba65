import Support

/// Percent-encodes a query-string key or value: RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) are kept,
/// every other UTF-8 byte becomes `%XX` (upper-case hex), so a space is `%20`.
public func urlEncodeQueryComponent(_ s: String) -> String {
    percentEncoded(s)
}

/// Encodes a key or value for an `application/x-www-form-urlencoded` body: like `urlEncodeQueryComponent`, except
/// that a space is `+` (as browsers and Python's `urlencode` do).
public func formURLEncode(_ s: String) -> String {
    percentEncoded(s, spaceAsPlus: true)
}

/// A whole `application/x-www-form-urlencoded` body: `k1=v1&k2=v2`, fields in order.
public func formURLEncodedBody(_ fields: [(String, String)]) -> String {
    fields.map { formURLEncode($0.0) + "=" + formURLEncode($0.1) }.joined(separator: "&")
}
