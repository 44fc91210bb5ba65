import Client

/// `man/api.1`, generated from the option table (`make man` rewrites it; a test checks it is current).
public enum ManPage {
    public static func render() -> String {
        var out = """
            .TH API 1 "" "api \(HelpText.version)" "User Commands"
            .SH NAME
            api \\- command-line client for REST APIs, and a mock REST server
            .SH SYNOPSIS
            .B api
            [\\fIOPTIONS\\fR] \\fIMETHOD\\fR \\fITARGET\\fR [\\fIITEM\\fR ...]
            .br

            """
        for command in OptionTable.commands where !OptionTable.methods.contains(command.name) {
            out += ".B \(escape(command.usage))\n.br\n"
        }
        out += """
            .SH DESCRIPTION
            \\fBapi\\fR sends HTTP requests built from HTTPie-style request items through libcurl. When stdout is
            a terminal it prints the status line, the headers and the body (JSON pretty-printed and colored, in the
            order the keys arrived); when stdout is a pipe or a file it writes exactly the body, so
            \\fBapi get users | jq\\fR and \\fBapi get users > users.json\\fR always work. The exit status tells a script
            what happened.
            .PP
            \\fBMETHOD\\fR is one of \(OptionTable.methods.joined(separator: ", ")) (any case).
            .SH TARGET

            """
        for (target, meaning) in HelpText.targetHelp {
            out += ".TP\n.B \(escape(target))\n\(escape(meaning))\n"
        }
        out += ".SH REQUEST ITEMS\n"
        for (item, meaning) in HelpText.itemsHelp {
            out += ".TP\n.B \(escape(item))\n\(escape(meaning))\n"
        }
        out += ".SH COMMANDS\n"
        for command in OptionTable.commands where !OptionTable.methods.contains(command.name) {
            out += ".TP\n.B \(escape(command.usage))\n\(escape(command.summary))\n"
        }
        for section in OptionTable.sections {
            let options = OptionTable.options.filter { $0.section == section }
            guard !options.isEmpty else { continue }
            out += ".SH \(section.uppercased()) OPTIONS\n"
            for option in options {
                let names = (option.short.map { "\\fB\\-\($0)\\fR, " } ?? "") + "\\fB\\-\\-\(escape(option.long))\\fR"
                let argument = option.argument.map { " \\fI\(escape($0))\\fR" } ?? ""
                out += ".TP\n\(names)\(argument)\n\(escape(option.help))\n"
            }
        }
        out += ".SH EXIT STATUS\n"
        for status in ExitStatus.allCases {
            out += ".TP\n.B \(status.rawValue)\n\(escape(status.meaning))\n"
        }
        out += """
            .SH ENVIRONMENT
            .TP
            .B API_BASE_URL
            base URL for path targets
            .TP
            .B API_TOKEN
            bearer token, as \\fB\\-\\-bearer\\fR
            .TP
            .B NO_COLOR
            no colors unless \\fB\\-\\-pretty\\fR asks for them
            .SH EXAMPLES
            .nf
            api get users
            api post users name=alice age:=30
            api patch users/1 active:=false
            api delete users/1
            api get :3000/users q==ali | jq .
            api serve \\-\\-mock db.json
            .fi
            .SH SEE ALSO
            \\fBcurl\\fR(1), \\fBhttp\\fR(1), \\fBjq\\fR(1)

            """
        return out
    }

    /// Escapes roff's special characters: backslashes, leading dots and quotes, and dashes.
    static func escape(_ text: String) -> String {
        var out = text.replacingAll("\\", with: "\\e").replacingAll("-", with: "\\-")
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
