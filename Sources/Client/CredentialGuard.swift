/// Keeps credentials with the origin they were given for. A request to another origin (a next page's link, a
/// batch line's URL) is sent without them, and a notice says so once per origin, unless the user allowed any
/// origin (`--follow-any-origin`).
public final class CredentialGuard {
    public let origin: Origin?
    public let allowAnyOrigin: Bool
    /// Header names (lower case) marked as credentials on every request checked (see `Request.credentialHeaders`).
    public let credentialHeaders: Set<String>
    private let notice: (String) -> Void
    private var noticed: Set<String> = []

    /// - Parameters:
    ///   - origin: the origin the credentials were given for (the first page's, the batch's base URL's).
    ///   - notice: called with one line (no `api:` prefix, no newline) the first time credentials are held back
    ///     from an origin.
    public init(
        credentialsFor origin: Origin?, credentialHeaders: Set<String> = [], allowAnyOrigin: Bool,
        notice: @escaping (String) -> Void
    ) {
        self.origin = origin
        self.credentialHeaders = credentialHeaders
        self.allowAnyOrigin = allowAnyOrigin
        self.notice = notice
    }

    /// The request as it may be sent: unchanged on the credentials' origin, else without its credentials.
    public func apply(_ request: Request) -> Request {
        guard !allowAnyOrigin, let origin else { return request }
        let target = Origin(request.url)
        if target == origin { return request }
        var marked = request
        marked.credentialHeaders.formUnion(credentialHeaders)
        let (stripped, dropped) = marked.droppingCredentials()
        if !dropped.isEmpty {
            let shown = target.description
            if noticed.insert(shown).inserted {
                notice(
                    "not sending \(dropped.joined(separator: ", ")) to \(shown): credentials go only to \(origin) "
                        + "(--follow-any-origin sends them anywhere)")
            }
        }
        return stripped
    }
}
