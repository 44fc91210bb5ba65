import JSON
import Testing

/// One row of a query table: a JSON input (text) and an expression.
struct QueryCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expression: String

    init(_ input: String, _ expression: String) {
        self.input = input
        self.expression = expression
    }

    var testDescription: String {
        String("\(expression)  ⟵  \(input.prefix(60))".map { $0 == "\n" ? "⏎" : $0 })
    }
}

/// Equality as jq prints it: numbers by value (jq 1.6 prints `1.50` as `1.5` and big integers as `1e+20`),
/// everything else exactly, object keys in the same order.
func sameAsJQ(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)):
        return x.doubleValue == y.doubleValue
    case (.string(let x), .string(let y)):
        return x.utf8.elementsEqual(y.utf8)
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { sameAsJQ($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count
            && zip(x, y).allSatisfy { $0.key == $1.key && sameAsJQ($0.value, $1.value) }
    default:
        return a == b
    }
}

func sameAsJQ(_ a: [JSONValue], _ b: [JSONValue]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { sameAsJQ($0, $1) }
}

func queryOutputText(_ values: [JSONValue]) -> String {
    values.map(\.compactString).joined(separator: " ")
}

/// The sample document most rows query.
let querySampleDocument = #"""
    {"id":1,"name":"alice","user":{"name":"Alice","email":"a@x.io","tags":["admin","dev"]},
     "items":[{"id":1,"price":9.5,"qty":2,"tags":["a"]},{"id":2,"price":20,"qty":null},
              {"id":3,"price":0.25,"qty":4,"tags":[]}],
     "odd key":"x","n":-3.5,"flag":false,"nothing":null,"s":"héllo😀"}
    """#
