import HTTPTypes
import Hummingbird
import JSON

/// Reset and snapshots: `POST /__api/reset` puts back the data the server started with, `POST
/// /__api/snapshots/NAME` saves the data as it is now, `POST /__api/snapshots/NAME/restore` puts it back. A reset
/// or a restore is one atomic, durable write (`Store.replaceAll`); snapshots are kept in memory.
extension AdminRoutes {
    func reset() async -> Response {
        do {
            return await replaceAll(with: try await store.startingData())
        } catch {
            return JSONResponse.error(error)
        }
    }

    /// `/__api/snapshots/NAME` and `/__api/snapshots/NAME/restore`: `parts` is what follows `snapshots`.
    func snapshot(_ parts: [String], _ request: Request) async -> Response {
        let name = parts[0]
        switch (parts.count, request.method) {
        case (1, .post): return await save(name)
        case (1, .get), (1, .head): return show(name)
        case (1, .delete): return remove(name)
        case (1, _): return Self.methodNotAllowed(request.uri.path, "GET, HEAD, POST, DELETE")
        case (2, .post) where parts[1] == "restore": return await restore(name)
        case (2, _) where parts[1] == "restore": return Self.methodNotAllowed(request.uri.path, "POST")
        default: return JSONResponse.notFound()
        }
    }

    func save(_ name: String) async -> Response {
        if let problem = SnapshotShelf.problem(withName: name) { return JSONResponse.error(.badRequest, problem) }
        let data: Database
        do {
            data = try await currentData(store)
        } catch {
            return JSONResponse.error(error)
        }
        guard let (entry, replaced) = snapshots.save(name, data) else {
            return JSONResponse.error(
                .conflict, "there are already \(SnapshotShelf.capacity) snapshots: delete one before saving '\(name)'")
        }
        var response = JSONResponse.value(replaced ? .ok : .created, entry.summary)
        response.headers[.location] = "\(AdminAPI.prefix)/snapshots/\(name)"
        return response
    }

    func show(_ name: String) -> Response {
        guard let entry = snapshots.entry(name) else { return noSnapshot(name) }
        return JSONResponse.value(.ok, entry.summary)
    }

    func remove(_ name: String) -> Response {
        snapshots.remove(name) ? Response(status: .noContent) : noSnapshot(name)
    }

    func restore(_ name: String) async -> Response {
        guard let entry = snapshots.entry(name) else { return noSnapshot(name) }
        return await replaceAll(with: entry.data)
    }

    private func replaceAll(with data: Database) async -> Response {
        if readOnly {
            return JSONResponse.error(.forbidden, "the server is read-only (--read-only): writes are refused")
        }
        do {
            try await store.replaceAll(with: data)
        } catch {
            return JSONResponse.error(error)
        }
        return Response(status: .noContent)
    }

    private func noSnapshot(_ name: String) -> Response {
        JSONResponse.error(.notFound, "there is no snapshot '\(name)'")
    }
}
