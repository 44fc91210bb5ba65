/// Passes a response on to the real sink, unless it is one that will be retried: then its body is dropped, so a
/// retried 503 never reaches stdout.
final class RetryGate: ResponseSink {
    private let inner: any ResponseSink
    private let willRetry: (ResponseHead) -> Bool
    private(set) var forwarded = false
    private(set) var held: ResponseHead?

    init(inner: any ResponseSink, willRetry: @escaping (ResponseHead) -> Bool) {
        self.inner = inner
        self.willRetry = willRetry
    }

    func receive(head: ResponseHead) {
        if willRetry(head) {
            held = head
        } else {
            forwarded = true
            inner.receive(head: head)
        }
    }

    func receive(body chunk: UnsafeRawBufferPointer) -> Bool {
        forwarded ? inner.receive(body: chunk) : true
    }
}
