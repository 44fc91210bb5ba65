import Support

/// `GET /` without a static `index.html`: a small page listing the resources with counts and links.
func indexPage(_ resources: [ResourceSummary], file: String, admin: Bool = false) -> String {
    var rows = ""
    for resource in resources {
        let link = "/" + percentEncoded(resource.name)
        let detail: String
        if let count = resource.count {
            detail = count == 1 ? "1 item" : "\(count) items"
        } else {
            detail = "object"
        }
        rows += "    <li><a href=\"\(escapeHTML(link))\">\(escapeHTML(link))</a> <span>\(detail)</span></li>\n"
    }
    if rows.isEmpty { rows = "    <li>No resources yet: <code>POST /NAME</code> creates a collection.</li>\n" }
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>api serve --mock</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; color: #222; }
            li { margin: .3rem 0; } span { color: #777; } code { background: #f3f3f3; padding: 0 .2rem; }
          </style>
        </head>
        <body>
          <h1>api serve --mock</h1>
          <p>Serving <code>\(escapeHTML(file))</code>. Resources:</p>
          <ul>
        \(rows)  </ul>
          <p><a href="/db">/db</a> is the whole database.</p>
        \(admin ? adminList() : "")</body>
        </html>

        """
}

func escapeHTML(_ text: String) -> String {
    var output = ""
    for character in text {
        switch character {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        default: output.append(character)
        }
    }
    return output
}

/// The `/__api/` endpoints, for the index page.
private func adminList() -> String {
    var rows = ""
    for endpoint in AdminAPI.endpoints {
        rows +=
            "    <li><code>\(endpoint.method) \(escapeHTML(endpoint.path))</code> <span>\(escapeHTML(endpoint.summary))</span></li>\n"
    }
    return "  <p>For tests (<code>--no-admin</code> turns these off):</p>\n  <ul>\n\(rows)  </ul>\n"
}
