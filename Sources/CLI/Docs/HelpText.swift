import Client

/// `api --help`, generated from the option table.
public enum HelpText {
    public static let version = "0.1.0"

    public static let usage = "usage: api [OPTIONS] METHOD TARGET [ITEM ...]"

    static let itemsHelp: [(String, String)] = [
        ("Name:Value", "request header; 'Name:' removes a default header, 'Name;' sends it empty, 'Name:@file'"),
        ("key==value", "query parameter (URL-encoded, in order); 'key==@file'"),
        ("key=value", "JSON string field (form field with --form); 'key=@file' reads it from a file"),
        ("key:=json", "raw JSON field: number, bool, null, array, object; 'key:=@file'"),
        ("key@file", "multipart file upload; 'key@file;type=image/png' sets its type"),
        ("a[b][0]=x", "nested JSON: object keys, indexes (gaps are null), 'tags[]=x' appends, '[]:=1' top-level array"),
    ]

    static let targetHelp: [(String, String)] = [
        ("http://… https://…", "used as is"),
        (":3000/users", "http://localhost:3000/users"),
        ("example.com/x", "http:// is prefixed (also localhost:PORT/x and host:PORT/x)"),
        ("users/1", "joined to the base URL: --base, $API_BASE_URL, else \(Target.defaultBaseURL)"),
    ]

    public static func general() -> String {
        var out = "api \(version): a command-line client for REST APIs, and a mock REST server\n\n"
        out += usage + "\n"
        for command in OptionTable.commands where !OptionTable.methods.contains(command.name) {
            out += "       \(command.usage)\n"
        }
        out += "\nMETHOD is one of \(OptionTable.methods.joined(separator: " ")) (any case).\n"
        out += "\nTARGET:\n" + table(targetHelp)
        out += "\nITEMS (HTTPie syntax; a backslash escapes a separator; items starting with '-' go after '--'):\n"
        out += table(itemsHelp)
        out +=
            "\nCommands:\n"
            + table(
                OptionTable.commands.filter { !OptionTable.methods.contains($0.name) }.map {
                    ($0.name, $0.summary)
                })
        for section in OptionTable.sections {
            let options = OptionTable.options.filter { $0.section == section }
            guard !options.isEmpty else { continue }
            out += "\n\(section) options:\n" + table(options.map { ($0.synopsis, $0.help) })
        }
        out += "\nExit status:\n" + table(ExitStatus.allCases.map { (String($0.rawValue), $0.meaning) })
        out += "\nExamples:\n"
        out += "  api get users                       list users from http://localhost:3000\n"
        out += "  api post users name=alice age:=30   create a user with a JSON body\n"
        out += "  api patch users/1 active:=false     update one field\n"
        out += "  api get :3000/users q==ali | jq .   query parameters; raw JSON when piped\n"
        out += "  api serve --mock db.json            serve db.json as a REST API on :3000\n"
        return out
    }

    /// Help for one command: its usage and the options it accepts.
    public static func command(_ name: String) -> String {
        guard let spec = OptionTable.commands.first(where: { $0.name == name }) else { return general() }
        var out = "usage: \(spec.usage)\n\n\(spec.summary)\n"
        let scope: OptionSpec.Scope =
            OptionTable.methods.contains(name)
            ? .request : (name == "serve" ? .serve : name == "batch" ? .batch : .global)
        for section in OptionTable.sections {
            let options = OptionTable.options.filter { $0.section == section && $0.scope.admits(scope) }
            guard !options.isEmpty else { continue }
            out += "\n\(section) options:\n" + table(options.map { ($0.synopsis, $0.help) })
        }
        if scope == .request {
            out += "\nITEMS:\n" + table(itemsHelp)
            out += "\nExit status:\n" + table(ExitStatus.allCases.map { (String($0.rawValue), $0.meaning) })
        }
        return out
    }

    static func table(_ rows: [(String, String)]) -> String {
        let width = min(max(rows.map(\.0.count).max() ?? 0, 8), 28)
        return rows.map { left, right in
            let pad = left.count < width ? String(repeating: " ", count: width - left.count) : ""
            let separator = left.count > width ? "\n  " + String(repeating: " ", count: width) + "  " : pad + "  "
            return "  " + left + separator + right + "\n"
        }.joined()
    }
}
