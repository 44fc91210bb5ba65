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

    /// Resolves a link against the URL of the page it came from (absolute, absolute-path or relative).
    public static func resolve(_ link: String, against base: String) -> String {
        let lower = link.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return link }
        guard let schemeEnd = base.firstRange(of: "://") else { return link }
        let afterScheme = base[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let origin = String(base[..<pathStart])
        if link.hasPrefix("//") { return String(base[..<schemeEnd.upperBound]) + link.dropFirst(2) }
        if link.hasPrefix("/") { return origin + link }
        var path = String(afterScheme[pathStart...])
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if link.hasPrefix("?") { return origin + path + link }
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "/"
        return origin + directory + link
    }

    /// json-server v1's envelope: `next` is a page number (or null) that replaces `_page` in the URL; a string
    /// `next` is taken as a URL.
    public static func next(fromEnvelope body: JSONValue, currentURL: String) -> String? {
        guard case .object(let object) = body, let next = object["next"] else { return nil }
        switch next {
        case .string(let url): return resolve(url, against: currentURL)
        case .number(let number):
            guard let page = number.intValue else { return nil }
            return replacingQueryParameter("_page", with: String(page), in: currentURL)
        default: return nil
        }
    }

    /// Sets `name=value` in the URL's query, replacing an existing value or appending it.
    public static func replacingQueryParameter(_ name: String, with value: String, in url: String) -> String {
        var main = Substring(url)
        var fragment: Substring = ""
        if let hash = url.firstIndex(of: "#") {
            main = url[..<hash]
            fragment = url[hash...]
        }
        guard let question = main.firstIndex(of: "?") else { return main + "?\(name)=\(value)" + fragment }
        var pairs = main[main.index(after: question)...].split(separator: "&").map(String.init)
        if let index = pairs.firstIndex(where: { $0 == name || $0.hasPrefix(name + "=") }) {
            pairs[index] = "\(name)=\(value)"
        } else {
            pairs.append("\(name)=\(value)")
        }
        return main[...question] + pairs.joined(separator: "&") + fragment
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
