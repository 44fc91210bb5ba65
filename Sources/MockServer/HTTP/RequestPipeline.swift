import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// What the mock server does around its routes, in order: `--routes` rewrites, the `/__api/` endpoints, then for
/// every other request `--auth`, `GET /__rules`, the `X-Api-Mock` header, `--fail` and `--jitter`, JSONP and nested
/// routes, and last the request journal. The routes (`MockResponder`) answer what is left.
struct RequestPipeline<S: Store>: Sendable {
    let store: S
    let options: MockServerOptions
    let journal: RequestJournal?
    let snapshots = SnapshotShelf()

    typealias Next = @Sendable (Request) async -> Response

    init(store: S, options: MockServerOptions, journal: RequestJournal?) {
        self.store = store
        self.options = options
        self.journal = journal
    }

    func answer(_ request: Request, channel: (any Channel)?, next: Next) async -> Response {
        let sent = request.head.path ?? "/"
        var request = request
        if !options.rewriteRules.isEmpty, request.uri.path != "/__rules" {
            let rewritten = RewriteRule.apply(options.rewriteRules, to: sent)
            if rewritten != sent { request = Self.retargeted(request, rewritten) }
        }
        if options.admin, AdminAPI.owns(request.uri.path) {
            return await AdminRoutes(store: store, journal: journal, snapshots: snapshots, readOnly: options.readOnly)
                .answer(request)
        }
        let start = ContinuousClock.now
        var body: ByteBuffer?
        if Self.mayHaveBody(request.method) {
            switch await Self.buffered(&request, limit: options.maxBodyBytes) {
            case .success(let buffer): body = buffer
            case .failure(let problem):
                record(request, target: sent, body: nil, status: problem.response.status.code, start: start)
                return problem.response
            }
        }
        let response = await process(request, body: body, channel: channel, next: next)
        record(request, target: sent, body: body, status: response?.status.code, start: start)
        return response ?? Self.dropped()
    }

    private func record(
        _ request: Request, target: String, body: ByteBuffer?, status: Int?, start: ContinuousClock.Instant
    ) {
        guard let journal else { return }
        journal.record(
            method: request.method.rawValue, target: target, headers: request.headers,
            body: body.map { Array($0.readableBytesView.prefix(RequestJournal.maximumBodyBytes + 1)) },
            status: status, elapsed: start.duration(to: .now))
    }

    /// The response, or nil when the connection was dropped (`X-Api-Mock: drop`).
    private func process(_ request: Request, body: ByteBuffer?, channel: (any Channel)?, next: Next) async
        -> Response?
    {
        var request = request
        if request.method == .options { return await next(request) }
        if let auth = options.auth, let refusal = auth.refusal(request.headers) { return refusal }
        if !options.rewriteRules.isEmpty, request.uri.path == "/__rules",
            request.method == .get || request.method == .head
        {
            return JSONResponse.value(.ok, RewriteRule.listing(options.rewriteRules))
        }
        if let header = request.headers[.apiMock] {
            let fault: ForcedFault
            do {
                fault = try ForcedFault(header: header)
            } catch {
                return JSONResponse.error(.badRequest, error.message)
            }
            guard await ResponseDelay.wait(milliseconds: fault.delayMilliseconds) else {
                return MockRequestContext.clientGone()
            }
            if fault.drop {
                channel?.close(mode: .all, promise: nil)
                return nil
            }
            if let status = fault.status { return Self.forced(status) }
        }
        if options.faults.shouldFail() {
            return JSONResponse.error(
                HTTPResponse.Status(code: options.faults.failStatus),
                "injected failure: \(options.faults.failStatus) for a share of \(options.faults.failRate) of requests (--fail)"
            )
        }
        guard await ResponseDelay.wait(milliseconds: options.faults.jitter()) else {
            return MockRequestContext.clientGone()
        }
        var callback: String?
        if request.method == .get || request.method == .head, let query = request.uri.query {
            let (kept, name) = JSONP.extract(Substring(query))
            if kept != query { request = Self.retargeted(request, request.uri.path + (kept.isEmpty ? "" : "?" + kept)) }
            callback = name
            // The JSON's ETag is not the script's: always send the script.
            if callback != nil { request = Self.changingHeaders(request) { $0[.ifNoneMatch] = nil } }
        }
        let segments = RequestTarget(path: request.uri.path).segments
        if segments.count == 3 || segments.count == 4 {
            switch await nested(request, segments, body: body) {
            case .success(let rewritten?): request = rewritten
            case .success(nil): break
            case .failure(let response): return response.response
            }
        }
        let response = await next(request)
        return callback.map { JSONP.wrap(response, callback: $0) } ?? response
    }

    /// The plain request for a nested route (`NestedRoute`); nil when the path is not nested.
    private func nested(_ request: Request, _ segments: [String], body: ByteBuffer?) async
        -> Result<Request?, EarlyResponse>
    {
        let isPost = request.method == .post
        let outcome: NestedRoute.Outcome
        do {
            outcome = try await NestedRoute.resolve(
                segments, isPost: isPost, store: store, idField: options.idField, suffix: options.foreignKeySuffix)
        } catch {
            return .failure(EarlyResponse(JSONResponse.error(error)))
        }
        switch outcome {
        case .notNested:
            return .success(nil)
        case .notFound:
            return .failure(EarlyResponse(JSONResponse.notFound()))
        case .nested(let route):
            var rewritten = Self.retargeted(request, route.target(query: request.uri.query ?? ""))
            let linksBody = (isPost && route.childID == nil) || (request.method == .put && route.childID != nil)
            guard linksBody else { return .success(rewritten) }
            let object: JSONObject
            do {
                object = try WriteBody.object(body ?? ByteBuffer(), contentType: request.headers[.contentType])
            } catch {
                return .failure(EarlyResponse(error.response))
            }
            let bytes = JSONValue.object(route.linked(object)).compactBytes
            var head = rewritten.head
            head.headerFields[.contentType] = JSONResponse.contentType
            head.headerFields[.contentLength] = String(bytes.count)
            rewritten = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: bytes)))
            return .success(rewritten)
        }
    }

    struct EarlyResponse: Error {
        let response: Response
        init(_ response: Response) { self.response = response }
    }

    static func mayHaveBody(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .put || method == .patch || method == .delete
    }

    /// Reads the whole body (at most `limit` bytes) into the request, so the routes read it again from memory.
    static func buffered(_ request: inout Request, limit: Int) async -> Result<ByteBuffer, BodyProblem> {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return .failure(.tooLarge(limit: limit))
        }
        do {
            return .success(try await request.collectBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge(limit: limit))
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }

    static func changingHeaders(_ request: Request, _ change: (inout HTTPFields) -> Void) -> Request {
        var head = request.head
        change(&head.headerFields)
        return Request(head: head, body: request.body)
    }

    static func retargeted(_ request: Request, _ target: String) -> Request {
        var head = request.head
        head.path = target
        return Request(head: head, body: request.body)
    }

    /// `X-Api-Mock: status=CODE`.
    static func forced(_ code: Int) -> Response {
        let status = HTTPResponse.Status(code: code)
        if code == 204 || code == 304 { return Response(status: status) }
        let text = "status \(code) forced by the X-Api-Mock header"
        if code >= 400 { return JSONResponse.error(status, text) }
        return JSONResponse.value(status, ["message": .string(text)])
    }

    /// What a dropped connection is logged as: nginx's 444, "closed without a response" (no client reads it).
    static func dropped() -> Response {
        Response(status: HTTPResponse.Status(code: 444, reasonPhrase: "No Response"))
    }
}

/// The whole data as a value, for the OpenAPI document and snapshots: the store's `snapshot()`.
func currentData<S: Store>(_ store: S) async throws(StoreError) -> Database { try await store.snapshot() }
