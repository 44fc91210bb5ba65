import Support

enum QueryLargeStack {
    /// The stack a body's query runs on: jq functions recurse (`recurse(f)`, `repeat`, `until`, `def`), and each
    /// call takes a few kilobytes, so the main thread's 8 MB holds only about 600 of them. The pages are reserved,
    /// not used, until the recursion reaches them.
    static let megabytes = 256

    /// Runs `body` on a thread with a `megabytes` stack and waits for it; runs it in place when no thread can be
    /// made.
    static func run(_ body: () -> Void) {
        withoutActuallyEscaping(body) { body in
            guard let thread = start(body) else {
                body()
                return
            }
            thread.join()
        }
    }

    /// Starts `body` on a new thread with a `megabytes` stack (to be joined); nil when no thread can be made.
    static func start(_ body: @escaping () -> Void) -> JoinableThread? {
        JoinableThread(stackBytes: megabytes << 20, body)
    }
}
