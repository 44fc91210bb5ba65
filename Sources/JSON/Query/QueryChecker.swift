/// The compile-time check jq makes after parsing: every function, `$variable` and `break $label` refers to
/// something in scope. A miss is a syntax error (jq: "xyz/0 is not defined").
struct QueryChecker {
    private let expression: String
    private var variables: [String]
    private var functions: [QueryFunctionKey] = []
    private var labels: [String] = []

    static func check(_ node: QueryNode, expression: String, globals: Set<String>) throws(QueryError) {
        var checker = QueryChecker(expression: expression, variables: ["ENV", "ARGS", "__prog_args"] + globals)
        try checker.visit(node)
    }

    private init(expression: String, variables: [String]) {
        self.expression = expression
        self.variables = variables
    }

    private func failure(_ message: String, near name: String) -> QueryError {
        let scalars = Array(expression.unicodeScalars)
        let needle = Array(name.unicodeScalars)
        var column = 0
        if !needle.isEmpty, needle.count <= scalars.count {
            for start in 0...(scalars.count - needle.count)
            where scalars[start..<start + needle.count].elementsEqual(needle) {
                column = start
                break
            }
        }
        return QueryError(expression: expression, column: column, message: message, kind: .syntax)
    }

    private func isDefined(_ name: String, _ arity: Int) -> Bool {
        let key = QueryFunctionKey(name: name, arity: arity)
        return functions.contains(key) || QueryBuiltins.natives[key] != nil || QueryPrelude.definitions[key] != nil
    }

    private mutating func visit(_ node: QueryNode) throws(QueryError) {
        switch node {
        case .identity, .recurse, .literal, .format:
            break
        case .index(let base, let key):
            try visit(base)
            try visit(key)
        case .slice(let base, let from, let to):
            try visit(base)
            if let from { try visit(from) }
            if let to { try visit(to) }
        case .iterate(let base), .negate(let base):
            try visit(base)
        case .tryCatch(let body, let handler):
            try visit(body)
            if let handler { try visit(handler) }
        case .comma(let parts):
            for part in parts { try visit(part) }
        case .pipe(let a, let b), .alternative(let a, let b), .and(let a, let b),
            .or(let a, let b), .binary(_, let a, let b), .assign(_, let a, let b):
            try visit(a)
            try visit(b)
        case .array(let inner):
            if let inner { try visit(inner) }
        case .object(let entries):
            for entry in entries {
                if case .literal(let key) = entry.key, key.stringValue == nil {
                    throw failure("Cannot use \(QueryValueText.described(key)) as object key", near: "{")
                }
                try visit(entry.key)
                try visit(entry.value)
            }
        case .conditional(let condition, let then, let otherwise):
            try visit(condition)
            try visit(then)
            if let otherwise { try visit(otherwise) }
        case .bind(let source, let patterns, let body):
            try visit(source)
            let saved = variables
            for pattern in patterns { try visitPattern(pattern) }
            try visit(body)
            variables = saved
        case .reduce(let source, let pattern, let initial, let update):
            try visit(source)
            try visit(initial)
            let saved = variables
            try visitPattern(pattern)
            try visit(update)
            variables = saved
        case .foreach(let source, let pattern, let initial, let update, let extract):
            try visit(source)
            try visit(initial)
            let saved = variables
            try visitPattern(pattern)
            try visit(update)
            if let extract { try visit(extract) }
            variables = saved
        case .define(let definition, let rest):
            let saved = (variables, functions, labels)
            functions.append(QueryFunctionKey(name: definition.name, arity: definition.parameters.count))
            let outer = functions
            for parameter in definition.parameters {
                if parameter.hasPrefix("$") {
                    variables.append(String(parameter.dropFirst()))
                    functions.append(QueryFunctionKey(name: String(parameter.dropFirst()), arity: 0))
                } else {
                    functions.append(QueryFunctionKey(name: parameter, arity: 0))
                }
            }
            try visit(definition.body)
            variables = saved.0
            functions = outer
            labels = saved.2
            try visit(rest)
            (variables, functions, labels) = saved
        case .call(let name, let arguments):
            guard isDefined(name, arguments.count) else {
                throw failure("\(name)/\(arguments.count) is not defined", near: name)
            }
            for argument in arguments { try visit(argument) }
        case .variable(let name):
            guard variables.contains(name) else { throw failure("$\(name) is not defined", near: "$" + name) }
        case .label(let name, let body):
            labels.append(name)
            try visit(body)
            labels.removeLast()
        case .breakLabel(let name):
            guard labels.contains(name) else { throw failure("$*label-\(name) is not defined", near: "break") }
        case .interpolation(let parts, _):
            for case .filter(let inner) in parts { try visit(inner) }
        }
    }

    private mutating func visitPattern(_ pattern: QueryPattern) throws(QueryError) {
        switch pattern {
        case .variable(let name):
            variables.append(name)
        case .array(let items):
            for item in items { try visitPattern(item) }
        case .object(let entries):
            for entry in entries {
                if case .literal(let key) = entry.key, key.stringValue == nil {
                    throw failure("Cannot use \(QueryValueText.described(key)) as object key", near: "{")
                }
                try visit(entry.key)
                if let variable = entry.variable { variables.append(variable) }
                if let inner = entry.pattern { try visitPattern(inner) }
            }
        }
    }
}
