/// Splits the command line into options and positional words, driven by the option table.
///
/// Options may stand anywhere (`api get users -i`, `api -v post users a=1`); `--` ends them. Long options take their
/// value as `--name VALUE` or `--name=VALUE`; short ones as `-o VALUE` or `-oVALUE`, and flags combine (`-iv`).
/// A word starting with `-` that is not an option is an error: request items that start with `-` go after `--`.
public struct ArgumentParser {
    public let options: [OptionSpec]

    public init(options: [OptionSpec] = OptionTable.options) {
        self.options = options
    }

    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                result.positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                guard let spec = options.first(where: { $0.long == name }) else { throw .unknownOption(word) }
                var inline: String?
                if name.count < body.count { inline = String(body.dropFirst(name.count + 1)) }
                if spec.takesArgument {
                    var value: String
                    if let inline {
                        value = inline
                    } else {
                        value = try takeValue(for: word, spec: spec, arguments, &index)
                    }
                    result.values[spec.long, default: []].append(value)
                } else if inline != nil {
                    throw UsageError("option '--\(name)' takes no value")
                } else {
                    result.values[spec.long, default: []].append("")
                }
            } else {
                // One or more short options: -i, -iv, -oFILE, -o FILE.
                var letters = Substring(word.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    guard let spec = options.first(where: { $0.short == letter }) else {
                        throw .unknownOption("-\(letter)")
                    }
                    if spec.takesArgument {
                        let value =
                            letters.isEmpty
                            ? try takeValue(for: "-\(letter)", spec: spec, arguments, &index) : String(letters)
                        result.values[spec.long, default: []].append(value)
                        break
                    }
                    result.values[spec.long, default: []].append("")
                }
            }
        }
        try HeadText.check(result)
        return result
    }

    private func takeValue(for option: String, spec: OptionSpec, _ arguments: [String], _ index: inout Int)
        throws(UsageError) -> String
    {
        guard index < arguments.count else {
            throw UsageError("option '\(option)' needs a value (\(spec.argument ?? "VALUE"))")
        }
        defer { index += 1 }
        return arguments[index]
    }
}
