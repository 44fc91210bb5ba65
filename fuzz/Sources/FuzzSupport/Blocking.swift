import Dispatch

/// Runs `body` to completion on the cooperative pool and waits for it (libFuzzer calls the target synchronously).
public func runBlocking(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}
