import Support

/// The `Link` header of a paginated collection GET: first / prev / next / last URLs, each the request's own
/// query with `_page` changed.
func linkHeader(base: String, path: String, parameters: QueryParameters, page: Page) -> String {
    let kept = parameters.pairs.filter { $0.name != "_page" }
    func url(_ number: Int) -> String {
        let query = ([("_page", String(number))] + kept).map { name, value in
            percentEncoded(name, keeping: [UInt8(ascii: ":")]) + "="
                + percentEncoded(value, keeping: [UInt8(ascii: ",")])
        }.joined(separator: "&")
        return "<\(base)\(path)?\(query)>"
    }
    var links = ["\(url(page.first)); rel=\"first\""]
    if let previous = page.previous { links.append("\(url(previous)); rel=\"prev\"") }
    if let next = page.next { links.append("\(url(next)); rel=\"next\"") }
    links.append("\(url(page.last)); rel=\"last\"")
    return links.joined(separator: ", ")
}
