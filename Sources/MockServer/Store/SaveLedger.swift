import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How one save ended.
enum SaveOutcome: Sendable {
    /// Renamed into place: the identity of the file now on disk.
    case saved(FileIdentity)
    /// Someone else changed the file since the previous save or load: nothing was written over it.
    case changedOnDisk
    case failed(FileError)
    /// An earlier save failed, and this one held the changes that were put back: its temporary file was removed.
    case abandoned
}

/// The state the chain of renames shares, outside the store actor so a rename never waits for it: the identity
/// of the file the last rename (or load) left, and the last generation in which a save failed. The store starts
/// each save with its current generation and moves to the next one when it learns of a failure, so every save
/// started before that (holding changes that are being dropped) is abandoned.
final class SaveLedger: Sendable {
    private let state: NIOLockedValueBox<(failedGeneration: Int, identity: FileIdentity?)>

    init(identity: FileIdentity?) { state = NIOLockedValueBox((-1, identity)) }

    /// The file was reloaded after an outside change (no save is under way).
    func reloaded(_ identity: FileIdentity) { state.withLockedValue { $0.identity = identity } }

    /// The rename phase of a save started in `generation`. Calls are serialized by the save chain (each waits for
    /// the one before), so the lock is only held to read and record, never across the I/O.
    func install(
        _ temporary: String, written: Result<FileIdentity, FileError>, into file: DurableFile, generation: Int
    ) -> SaveOutcome {
        let (failedGeneration, expected) = state.withLockedValue { ($0.failedGeneration, $0.identity) }
        guard generation > failedGeneration else {
            unlink(temporary)
            return .abandoned
        }
        let outcome: SaveOutcome
        switch written {
        case .failure(let error):
            outcome = .failed(error)
        case .success(let newIdentity):
            if FileIdentity.of(path: file.path) != expected {
                unlink(temporary)
                outcome = .changedOnDisk
            } else {
                do throws(FileError) {
                    try file.install(temporary: temporary)
                    state.withLockedValue { $0.identity = newIdentity }
                    return .saved(newIdentity)
                } catch {
                    outcome = .failed(error)
                }
            }
        }
        state.withLockedValue { $0.failedGeneration = max($0.failedGeneration, generation) }
        return outcome
    }
}
