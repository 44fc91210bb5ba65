/// Shell completion scripts for bash, zsh and fish, generated from the option table (`api completions SHELL`;
/// `make completions` writes them to completions/, and a test checks they are current).
public enum Completions {
    public static let shells = ["bash", "zsh", "fish"]

    public static func script(for shell: String) -> String? {
        switch shell {
        case "bash": bash()
        case "zsh": zsh()
        case "fish": fish()
        default: nil
        }
    }

    static var commandNames: [String] { OptionTable.commands.map(\.name) }

    static func optionWords(_ option: OptionSpec) -> [String] {
        ["--\(option.long)"] + (option.short.map { ["-\($0)"] } ?? [])
    }

    static func bash() -> String {
        let options = OptionTable.options
        let all = options.flatMap(optionWords).joined(separator: " ")
        func words(_ filter: (OptionSpec) -> Bool) -> String {
            options.filter(filter).flatMap(optionWords).joined(separator: "|")
        }
        var cases = ""
        let files = words { $0.completion == .file }
        if !files.isEmpty { cases += "        \(files)) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n" }
        let directories = words { $0.completion == .directory }
        if !directories.isEmpty {
            cases += "        \(directories)) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
        }
        for option in options {
            if case .choices(let choices) = option.completion {
                let names = optionWords(option).joined(separator: "|")
                cases +=
                    "        \(names)) COMPREPLY=($(compgen -W \"\(choices.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            }
        }
        let valued = words { $0.takesArgument && $0.completion == .none }
        if !valued.isEmpty { cases += "        \(valued)) return ;;\n" }
        let takesValue = options.filter(\.takesArgument).flatMap(optionWords).joined(separator: " ")
        return """
            # bash completion for api (generated from the option table; do not edit)
            _api() {
                local cur prev
                cur="${COMP_WORDS[COMP_CWORD]}"
                prev="${COMP_WORDS[COMP_CWORD-1]}"
                case "$prev" in
            \(cases)        completions) COMPREPLY=($(compgen -W "\(shells.joined(separator: " "))" -- "$cur")); return ;;
                    help) COMPREPLY=($(compgen -W "\(commandNames.joined(separator: " "))" -- "$cur")); return ;;
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "\(all)" -- "$cur"))
                    return
                fi
                local i word positionals=0 skip=0
                for ((i = 1; i < COMP_CWORD; i++)); do
                    word="${COMP_WORDS[i]}"
                    if ((skip)); then skip=0; continue; fi
                    case " \(takesValue) " in *" $word "*) skip=1; continue ;; esac
                    [[ "$word" == -* ]] || positionals=$((positionals + 1))
                done
                if ((positionals == 0)); then
                    COMPREPLY=($(compgen -W "\(commandNames.joined(separator: " "))" -- "$cur"))
                else
                    COMPREPLY=($(compgen -f -- "$cur"))
                fi
            }
            complete -o filenames -F _api api

            """
    }

    static func zshEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "[": out += "("
            case "]": out += ")"
            case ":": out += "\\:"
            case "'": out += "'\\''"
            default: out.append(character)
            }
        }
        return out
    }

    static func zsh() -> String {
        var specs: [String] = []
        for option in OptionTable.options {
            let help = zshEscape(option.help)
            var action = ""
            if let argument = option.argument {
                let label = zshEscape(argument)
                switch option.completion {
                case .file: action = ":\(label):_files"
                case .directory: action = ":\(label):_files -/"
                case .choices(let choices): action = ":\(label):(\(choices.joined(separator: " ")))"
                case .none: action = ":\(label): "
                }
            }
            let suffix = option.takesArgument ? "=" : ""
            if let short = option.short {
                let exclusion = "(-\(short) --\(option.long))"
                let repeatMark = option.repeatable ? "*" : ""
                specs.append(
                    "'\(repeatMark)\(option.repeatable ? "" : exclusion)'{-\(short),--\(option.long)\(suffix)}'[\(help)]\(action)'"
                )
            } else {
                specs.append("'--\(option.long)\(suffix)[\(help)]\(action)'")
            }
        }
        let commands = OptionTable.commands.map { "'\($0.name):\(zshEscape($0.summary))'" }
        return """
            #compdef api
            # zsh completion for api (generated from the option table; do not edit)
            _api() {
                local -a commands
                commands=(
                    \(commands.joined(separator: "\n        "))
                )
                local curcontext="$curcontext" state line
                _arguments -s -S \\
                    \(specs.joined(separator: " \\\n        ")) \\
                    '1: :->command' \\
                    '*:: :->rest'
                case $state in
                    command) _describe -t commands 'api command' commands ;;
                    rest)
                        case $line[1] in
                            completions) _values 'shell' \(shells.joined(separator: " ")) ;;
                            *) _files ;;
                        esac
                        ;;
                esac
            }
            _api "$@"

            """
    }

    static func fishEscape(_ text: String) -> String {
        text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'")
    }

    static func fish() -> String {
        var lines = [
            "# fish completion for api (generated from the option table; do not edit)",
            "complete -c api -f",
        ]
        for command in OptionTable.commands {
            lines.append(
                "complete -c api -n __fish_use_subcommand -a \(command.name) -d '\(fishEscape(command.summary))'")
        }
        lines.append(
            "complete -c api -n '__fish_seen_subcommand_from completions' -a '\(shells.joined(separator: " "))'")
        for option in OptionTable.options {
            var line = "complete -c api -l '\(option.long)'"
            if let short = option.short { line += " -s \(short)" }
            if option.takesArgument {
                switch option.completion {
                case .file, .directory: line += " -r -F"
                case .choices(let choices): line += " -x -a '\(choices.joined(separator: " "))'"
                case .none: line += " -x"
                }
            }
            line += " -d '\(fishEscape(option.help))'"
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
