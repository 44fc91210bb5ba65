import JSON
import Support

/// Finding the next page: a `Link: <…>; rel="next"` header, a `--next-url` path in the body, or json-server v1's
/// `{"next": 2, "data": […]}` envelope.
public enum PageLinks {
    /// The URL of `rel="next"` in a Link header, if any.
    public static func next(fromLinkHeader header: String) -> String? {
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";")
            guard let target = parts.first?.trimmingCharacters(in: " \t"), target.hasPrefix("<"), target.hasSuffix(">")
            else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t\"") }
                return pair.count == 2 && pair[0].lowercased() == "rel"
                    && pair[1].lowercased().split(separator: " ").contains("next")
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }

    /// json-server v1's envelope: `next` is a page number (or null) that replaces `_page` in the URL; a string
    /// `next` is taken as a link.
    public static func next(fromEnvelope body: JSONValue, currentURL: RequestURL) throws(URLParseError) -> RequestURL? {
        guard case .object(let object) = body, let next = object["next"] else { return nil }
        switch next {
        case .string(let link): return try currentURL.resolving(link)
        case .number(let number):
            guard let page = number.intValue else { return nil }
            return currentURL.settingQueryParameter("_page", to: String(page))
        default: return nil
        }
    }

    /// A page's items: the body itself when it is an array, else an envelope's `data` array (json-server v1),
    /// else the body as one item.
    public static func items(of body: JSONValue) -> [JSONValue] {
        switch body {
        case .array(let items): return items
        case .object(let object):
            if case .array(let items)? = object["data"] { return items }
            return [body]
        default: return [body]
        }
    }
}
