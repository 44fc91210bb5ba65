import JSON

/// A collection GET's query string, parsed and checked: filters, full-text `q`, sort, pages or slice,
/// embeds. Running it is a pure function of the items (and, for embeds, the rest of the database).
public struct CollectionQuery {
    public var filters: [Filter] = []
    /// `q`, lower-cased.
    public var search: String?
    public var sort: [SortKey] = []
    public var paging: Paging?
    public var slice: Slice?
    /// `_embed` and `_expand` names, in order.
    public var embeds: [String] = []
    /// v1's `_where`, on top of the other filters.
    public var whereClause: WhereClause?
    /// `--fks`: a child's link to its parent is `<singular><suffix>` (`_embed`, `_expand`).
    public var foreignKeySuffix = "Id"

    /// How the result is cut into pages.
    public enum Paging: Sendable, Equatable {
        /// v1 `_page` / `_per_page` (default 10): the `{first, prev, next, last, pages, items, data}` envelope.
        case envelope(page: Int, perPage: Int)
        /// v0 `_page` with `_limit`: a plain array of that page.
        case plain(page: Int, limit: Int)
    }

    /// The `_`-parameters the server understands; any other is an error.
    public static let controlParameters: Set<String> = [
        "_sort", "_order", "_page", "_per_page", "_start", "_end", "_limit", "_embed", "_expand", "_delay",
        "_dependent", "_where",
    ]

    public init() {}

    public init(_ parameters: QueryParameters) throws(CollectionQueryError) {
        var filterOrder: [String] = []
        var filterValues: [String: (path: FieldPath, op: FilterOperator, parameter: String, values: [String])] = [:]
        for (name, value) in parameters.pairs {
            if name.hasPrefix("_") {
                guard Self.controlParameters.contains(name) else {
                    throw CollectionQueryError("unknown query parameter '\(name)'")
                }
                continue
            }
            if name == "q" {
                // A repeated q: the first counts, as in json-server.
                if search == nil { search = value.lowercased() }
                continue
            }
            let (field, op) = try Self.splitFilterName(name)
            let key = "\(field)\u{0}\(op.rawValue)"
            if filterValues[key] == nil {
                filterOrder.append(key)
                filterValues[key] = (FieldPath(field), op, name, [])
            }
            filterValues[key]!.values.append(value)
        }
        for key in filterOrder {
            let spec = filterValues[key]!
            filters.append(try Filter(path: spec.path, op: spec.op, values: spec.values, parameter: spec.parameter))
        }
        sort = try Self.sortKeys(parameters)
        whereClause = try parameters["_where"].map { text throws(CollectionQueryError) in try WhereClause(json: text) }
        // A repeated name embeds the same member again: kept once, so a long query cannot multiply the work.
        var seenEmbeds: Set<String> = []
        embeds = (parameters.pairs.filter { $0.name == "_embed" || $0.name == "_expand" })
            .flatMap { $0.value.split(separator: ",").map(String.init) }
            .filter { seenEmbeds.insert($0).inserted }

        let page = try Self.integer(parameters, "_page")
        let perPage = try Self.integer(parameters, "_per_page")
        let start = try Self.integer(parameters, "_start", minimum: 0)
        let end = try Self.integer(parameters, "_end", minimum: 0)
        let limit = try Self.integer(parameters, "_limit", minimum: 0)
        if page != nil || perPage != nil {
            if start != nil || end != nil {
                throw CollectionQueryError("_start and _end cannot be combined with _page or _per_page")
            }
            if let limit, perPage == nil {
                paging = .plain(page: page ?? 1, limit: limit)
            } else {
                paging = .envelope(page: page ?? 1, perPage: perPage ?? 10)
            }
        } else if start != nil || end != nil || limit != nil {
            slice = Slice(start: start ?? 0, end: end, limit: limit)
        }
    }

    /// `age:gte` → (`age`, gte); `age_gte` → (`age`, gte); `age` → (`age`, eq).
    static func splitFilterName(_ name: String) throws(CollectionQueryError) -> (field: String, op: FilterOperator) {
        if let colon = name.lastIndex(of: ":") {
            let field = String(name[..<colon])
            let opName = String(name[name.index(after: colon)...])
            guard let op = FilterOperator.named(opName) else {
                let known = FilterOperator.allCases.map(\.rawValue).joined(separator: ", ")
                throw CollectionQueryError("unknown operator '\(opName)' in '\(name)' (known: \(known))")
            }
            guard !field.isEmpty else { throw CollectionQueryError("missing field name in '\(name)'") }
            return (field, op)
        }
        for (suffix, op) in FilterOperator.legacySuffixes where name.hasSuffix(suffix) && name.count > suffix.count {
            return (String(name.dropLast(suffix.count)), op)
        }
        return (name, .eq)
    }

    /// The most distinct `_sort` fields: sorting reads every key of every item up front (keys × items values).
    static let maximumSortKeys = 32

    /// `_sort=age,-name`, with v0 `_order=desc` (or `desc,asc`, one per key) flipping keys. A field that comes
    /// again is dropped (items equal on it already compare equal again); more than `maximumSortKeys` is an error.
    static func sortKeys(_ parameters: QueryParameters) throws(CollectionQueryError) -> [SortKey] {
        guard let sortText = parameters["_sort"] else {
            if parameters["_order"] != nil { throw CollectionQueryError("_order needs _sort") }
            return []
        }
        let orders = parameters["_order"].map { $0.split(separator: ",").map(String.init) } ?? []
        var keys: [SortKey] = []
        for (position, piece) in sortText.split(separator: ",").enumerated() {
            var field = Substring(piece)
            var descending = false
            if field.hasPrefix("-") {
                descending = true
                field = field.dropFirst()
            }
            guard !field.isEmpty else { throw CollectionQueryError("empty field name in _sort '\(sortText)'") }
            if position < orders.count {
                switch orders[position].lowercased() {
                case "asc": break
                case "desc": descending.toggle()
                default: throw CollectionQueryError("_order must be asc or desc, got '\(orders[position])'")
                }
            }
            let path = FieldPath(String(field))
            guard !keys.contains(where: { $0.path == path }) else { continue }
            guard keys.count < maximumSortKeys else {
                throw CollectionQueryError("_sort has more than \(maximumSortKeys) fields")
            }
            keys.append(SortKey(path: path, descending: descending))
        }
        return keys
    }

    static func integer(_ parameters: QueryParameters, _ name: String, minimum: Int = .min) throws(CollectionQueryError)
        -> Int?
    {
        guard let text = parameters[name] else { return nil }
        return try QueryInteger.parse(text, name: name, minimum: minimum)
    }

    /// Whether the query only selects everything as stored (the cached collection can be sent as is).
    public var isIdentity: Bool {
        filters.isEmpty && whereClause == nil && search == nil && sort.isEmpty && paging == nil && slice == nil
            && embeds.isEmpty
    }

    /// Filters, sorts, cuts and embeds `items` of `resource`.
    public func run(on items: [JSONValue], resource: String, database: Database) throws(CollectionQueryError)
        -> QueryResult
    {
        var resolved: [Embed] = []
        for name in embeds {
            resolved.append(try Embed.resolve(name, for: resource, in: database, suffix: foreignKeySuffix))
        }
        var matched = items
        if !filters.isEmpty || search != nil || whereClause != nil {
            matched = items.filter { item in
                // A request whose client has gone is cancelled: stop looking at items (ConnectionWatch).
                !Task.isCancelled && filters.allSatisfy { $0.matches(item) } && (whereClause?.matches(item) ?? true)
                    && (search.map { containsText(item, $0) } ?? true)
            }
        }
        matched = sorted(matched, by: sort)
        let total = matched.count
        let (page, range) = cut(total)
        let data = embed(resolved, into: Array(matched[range]), from: database)
        return QueryResult(items: data, totalCount: total, page: page, paging: paging)
    }
}

extension CollectionQuery {
    /// The page (when paging) and the range of the `total` matching items to send: the page's, the slice's, or all.
    func cut(_ total: Int) -> (Page?, Range<Int>) {
        switch paging {
        case .envelope(let number, let size)?, .plain(let number, let size)?:
            let page = Page(requested: number, size: size, totalItems: total)
            return (page, page.range)
        case nil:
            return (nil, slice?.range(count: total) ?? 0..<total)
        }
    }
}

/// What a collection query answers: the items to send, the count before paging, the page if any.
public struct QueryResult {
    public let items: [JSONValue]
    /// The number of items that matched the filters (`X-Total-Count`).
    public let totalCount: Int
    public let page: Page?
    public let paging: CollectionQuery.Paging?

    /// The response body: the v1 envelope when paging with `_per_page`, otherwise the array.
    public var body: JSONValue {
        if case .envelope? = paging, let page { return page.envelope(items) }
        return .array(items)
    }

    /// The query parameter that carries the page size in `Link` URLs.
    public var pageSizeParameter: String {
        if case .plain? = paging { return "_limit" }
        return "_per_page"
    }
}
