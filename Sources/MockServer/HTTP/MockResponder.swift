import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import Support

/// Turns HTTP requests into store and query-engine calls, and their results into responses.
///
/// Per request: CORS headers, `--delay` / `?_delay`, `--read-only`, a log line. Routing: `/`, `/db`,
/// `/NAME`, `/NAME/ID` for the database's resources, then static files, then 404. Writes to the names the server
/// routes itself (`ReservedNames`) are refused.
struct MockResponder<S: Store>: HTTPResponder {
    typealias Context = MockRequestContext

    let store: S
    let options: MockServerOptions
    let staticFiles: StaticFiles
    let log: StandardErrorLog?
    /// Which `Host` headers are answered (DNS rebinding; `HostPolicy`).
    var hosts = HostPolicy.anyHost
    /// Rewrites, `/__api/`, auth, faults, JSONP, nested routes and the journal around the routes (`RequestPipeline`).
    var pipeline: RequestPipeline<S>?

    private var cors: CORSPolicy { CORSPolicy(origin: options.cors) }

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        var response =
            hosts.allows(request.head.authority)
            ? await context.untilClientLeaves { await pipelined(request, context.channel) }
            : HostPolicy.misdirected(request.head.authority)
        cors.decorate(&response, requestOrigin: request.headers[.origin])
        if request.method == .head { response = response.createHeadResponse() }
        log?.request(
            method: request.method.rawValue, target: request.head.path ?? "/", status: response.status.code,
            elapsed: start.duration(to: .now))
        return response
    }

    private func pipelined(_ request: Request, _ channel: (any Channel)?) async -> Response {
        guard let pipeline else { return await answer(request) }
        return await pipeline.answer(request, channel: channel) { await answer($0) }
    }

    private func answer(_ request: Request) async -> Response {
        if request.method == .options { return cors.preflight(request) }
        let parameters = request.uri.query.map { QueryParameters(query: Substring($0)) } ?? QueryParameters()
        switch ResponseDelay.milliseconds(parameters, default: options.delayMilliseconds) {
        case .failure(let bad): return bad.response
        case .success(let delay):
            guard await ResponseDelay.wait(milliseconds: delay) else { return Context.clientGone() }
        }
        let target = RequestTarget(path: request.uri.path)
        switch request.method {
        case .get, .head:
            return await read(target.segments, parameters, request)
        case .post, .put, .patch, .delete:
            if options.readOnly {
                return JSONResponse.error(.forbidden, "the server is read-only (--read-only): writes are refused")
            }
            return await write(target.segments, parameters, request)
        default:
            var headers = HTTPFields()
            headers[.allow] = CORSPolicy.methods
            return JSONResponse.error(.methodNotAllowed, "Method Not Allowed", headers: headers)
        }
    }

    // MARK: Reads

    private func read(_ segments: [String], _ parameters: QueryParameters, _ request: Request) async -> Response {
        switch segments.count {
        case 0:
            return await rootPage(request)
        case 1:
            if segments[0] == "db" { return await wholeDatabase(request) }
            if let response = await readResource(segments[0], parameters, request) { return response }
        case 2:
            if let response = await readItem(segments[0], id: segments[1], parameters, request) { return response }
        default:
            break
        }
        return await staticFile(segments, request) ?? JSONResponse.notFound()
    }

    /// `GET /NAME`: a collection (queried) or a singular resource; nil when there is no such resource.
    private func readResource(_ name: String, _ parameters: QueryParameters, _ request: Request) async -> Response? {
        var query: CollectionQuery
        do {
            query = try CollectionQuery(parameters)
            query.foreignKeySuffix = options.foreignKeySuffix
        } catch {
            guard await exists(name) else { return nil }
            return JSONResponse.error(.badRequest, error.message)
        }
        let answer: QueryAnswer
        do {
            answer = try await store.query(name, query)
        } catch StoreError.wrongKind {
            do {
                return try await store.document(name).map { conditional(Representation($0), request) }
            } catch {
                return JSONResponse.error(error)
            }
        } catch StoreError.notFound {
            return nil
        } catch {
            return JSONResponse.error(error)
        }
        var response = conditional(Representation(bytes: answerBytes(answer)), request)
        response.headers[.totalCount] = String(answer.totalCount)
        if let page = answer.page {
            response.headers[.link] = linkHeader(
                base: baseURL(request), path: "/" + percentEncoded(name), parameters: parameters, page: page)
        }
        return response
    }

    private func exists(_ name: String) async -> Bool {
        (try? await store.kind(of: name)) != nil
    }

    /// `GET /NAME/ID`, with `_embed` / `_expand`; nil when there is no such item.
    private func readItem(_ name: String, id: String, _ parameters: QueryParameters, _ request: Request) async
        -> Response?
    {
        let query: CollectionQuery
        do {
            query = try CollectionQuery(parameters)
        } catch {
            guard (try? await store.item(in: name, id: id)) != nil else { return nil }
            return JSONResponse.error(.badRequest, error.message)
        }
        do {
            guard !query.embeds.isEmpty else {
                return try await store.item(in: name, id: id).map { conditional(Representation($0), request) }
            }
            return try await store.item(
                in: name, id: id, embedding: query.embeds, foreignKeySuffix: options.foreignKeySuffix
            ).map {
                conditional(Representation($0), request)
            }
        } catch {
            return JSONResponse.error(error)
        }
    }

    private func wholeDatabase(_ request: Request) async -> Response {
        do {
            return conditional(Representation(bytes: prettyBytes(try await store.wholeDatabase())), request)
        } catch {
            return JSONResponse.error(error)
        }
    }

    private func rootPage(_ request: Request) async -> Response {
        if let file = staticFiles.file(for: ["index.html"]),
            let response = await staticFiles.response(for: file, request: request)
        {
            return response
        }
        let resources: [ResourceSummary]
        do {
            resources = try await store.resources()
        } catch {
            return JSONResponse.error(error)
        }
        let html = indexPage(resources, file: options.dataName, admin: options.admin)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    private func staticFile(_ segments: [String], _ request: Request) async -> Response? {
        guard !staticFiles.isEmpty, let path = staticFiles.file(for: segments) else { return nil }
        return await staticFiles.response(for: path, request: request)
    }

    /// 200 with the representation, or 304 when `If-None-Match` already has it.
    private func conditional(_ representation: Representation, _ request: Request) -> Response {
        if notModified(request.headers, etag: representation.etag) {
            return notModifiedResponse(etag: representation.etag)
        }
        return JSONResponse.representation(.ok, representation)
    }

    private func baseURL(_ request: Request) -> String {
        "http://" + (request.head.authority ?? "\(options.host):\(options.port)")
    }

    // MARK: Writes

    private func write(_ segments: [String], _ parameters: QueryParameters, _ request: Request) async -> Response {
        if let name = segments.first, ReservedNames.contains(name) { return ReservedNames.refusal(name) }
        do {
            _ = try CollectionQuery(parameters)
        } catch {
            return JSONResponse.error(.badRequest, error.message)
        }
        do {
            return try await performWrite(segments, parameters, request)
        } catch let error as StoreError {
            return JSONResponse.error(error)
        } catch let problem as BodyProblem {
            return problem.response
        } catch {
            return JSONResponse.error(.internalServerError, "\(error)")
        }
    }

    private func performWrite(_ segments: [String], _ parameters: QueryParameters, _ request: Request) async throws
        -> Response
    {
        let ifMatch = entityTags(request.headers, .ifMatch).map(ETagCondition.init)
        let mode: UpdateMode = request.method == .put ? .replace : .merge
        switch (request.method, segments.count) {
        case (.post, 1):
            let body = try await objectBody(request)
            let (id, item) = try await store.create(in: segments[0], item: body, createCollection: !options.strict)
            var response = JSONResponse.representation(.created, Representation(item))
            response.headers[.location] = "/" + percentEncoded(segments[0]) + "/" + percentEncoded(id)
            return response
        case (.put, 2), (.patch, 2):
            let body = try await objectBody(request)
            let item = try await store.update(
                in: segments[0], id: segments[1], with: body, mode: mode, ifMatch: ifMatch)
            return JSONResponse.representation(.ok, Representation(item))
        case (.put, 1), (.patch, 1):
            let body = try await objectBody(request)
            let value = try await store.updateDocument(segments[0], with: body, mode: mode, ifMatch: ifMatch)
            return JSONResponse.representation(.ok, Representation(value))
        case (.delete, 2):
            let dependents = parameters.pairs.filter { $0.name == "_dependent" }
                .flatMap { $0.value.split(separator: ",").map(String.init) }
            let item = try await store.delete(
                in: segments[0], id: segments[1], dependents: dependents,
                foreignKeySuffix: options.foreignKeySuffix, ifMatch: ifMatch)
            return JSONResponse.representation(.ok, Representation(item))
        case (.delete, 1), (.post, 2):
            let exists = await exists(segments[0])
            throw exists ? StoreError.wrongKind(segments[0]) : StoreError.notFound
        default:
            throw StoreError.notFound
        }
    }

    /// The request body as a JSON object (`WriteBody`: empty is `{}`, a urlencoded form is strings).
    private func objectBody(_ request: Request) async throws(BodyProblem) -> JSONObject {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > options.maxBodyBytes {
            throw BodyProblem.tooLarge(limit: options.maxBodyBytes)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: options.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw BodyProblem.tooLarge(limit: options.maxBodyBytes)
        } catch {
            throw BodyProblem.unreadable("\(error)")
        }
        return try WriteBody.object(buffer, contentType: request.headers[.contentType])
    }
}

/// What can be wrong with a write's body.
enum BodyProblem: Error {
    case tooLarge(limit: Int)
    case unreadable(String)
    case invalidJSON(JSONParseError)
    case notAnObject

    var response: Response {
        switch self {
        case .tooLarge(let limit):
            JSONResponse.error(.contentTooLarge, "the request body is larger than the \(limit)-byte limit (--max-body)")
        case .unreadable(let reason):
            JSONResponse.error(.badRequest, "could not read the request body: \(reason)")
        case .invalidJSON(let error):
            JSONResponse.error(.badRequest, "invalid JSON in the request body: \(error.description)")
        case .notAnObject:
            JSONResponse.error(.badRequest, "Body must be a JSON object")
        }
    }
}
