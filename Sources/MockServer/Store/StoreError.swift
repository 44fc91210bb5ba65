/// Why the store refused or failed a request; the routes turn each case into a status code.
public enum StoreError: Error, Equatable, Sendable {
    /// No such resource or item (404).
    case notFound
    /// The request cannot be carried out as written (400), e.g. an `id` that is neither string nor number.
    case badRequest(String)
    /// A client-supplied id is already used (409).
    case duplicateID(String)
    /// `If-Match` did not match the current ETag (412).
    case preconditionFailed(currentETag: String)
    /// The operation needs a collection, or a singular resource, and the name is the other kind (405).
    case wrongKind(String)
    /// Writes are refused while the file on disk is invalid or changed under us (503).
    case unavailable(String)
    /// The save failed (500); the message names the file and the system error.
    case saveFailed(String)
}
