/// Types, conversions, lengths and keys.
extension QueryBuiltins {
    static let values: [String: QueryNative] = [
        "length/0": .value { input, _ throws(QueryError) in try length(input) },
        "utf8bytelength/0": .value { input, _ throws(QueryError) in
            guard case .string(let string) = input else {
                throw QueryError.runtime("\(QueryValueText.described(input)) only strings have UTF-8 byte length")
            }
            return number(string.utf8.count)
        },
        "type/0": .value { input, _ throws(QueryError) in .string(input.typeName) },
        "keys/0": .value { input, _ throws(QueryError) in try keys(input, sorted: true) },
        "keys_unsorted/0": .value { input, _ throws(QueryError) in try keys(input, sorted: false) },
        "has/1": .value { input, arguments throws(QueryError) in .bool(try QueryIndexing.has(input, arguments[0])) },
        "contains/1": .value { input, arguments throws(QueryError) in
            guard sameKind(input, arguments[0]) else {
                throw QueryError.runtime(
                    "\(QueryValueText.described(input)) and \(QueryValueText.described(arguments[0])) cannot have their containment checked"
                )
            }
            return .bool(contains(input, arguments[0]))
        },
        "tojson/0": .value { input, _ throws(QueryError) in .string(QueryFormats.json(input)) },
        "fromjson/0": .value { input, _ throws(QueryError) in
            guard case .string(let text) = input else {
                throw QueryError.runtime("\(QueryValueText.described(input)) only strings can be parsed")
            }
            do {
                let parsed = try JSON.parseSequence(Array(text.utf8))
                guard parsed.count == 1 else {
                    if parsed.isEmpty { return .null }
                    throw QueryError.runtime("Unexpected extra JSON values (while parsing '\(text)')")
                }
                return parsed[0]
            } catch let error as JSONParseError {
                if let special = specialNumber(text) { return special }
                throw QueryError.runtime("\(error.message) (while parsing '\(text)')")
            } catch let error as QueryError {
                throw error
            } catch {
                throw QueryError.runtime("cannot parse '\(text)'")
            }
        },
        "tostring/0": .value { input, _ throws(QueryError) in .string(QueryFormats.text(input)) },
        "tonumber/0": .value { input, _ throws(QueryError) in
            switch input {
            case .number: return input
            case .string(let text):
                if JSONNumber.isJSONLiteral(text) { return .number(JSONNumber(literal: text)) }
                if let special = specialNumber(text) { return special }
                if let d = Double(text),
                    text.utf8.allSatisfy({ b in
                        (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x65 || b == 0x45 || b == 0x2B || b == 0x2D
                    })
                {
                    return QueryNumber.value(d)
                }
                throw QueryError.runtime("\(QueryValueText.described(input)) cannot be parsed as a number")
            default:
                throw QueryError.runtime("\(QueryValueText.described(input)) cannot be parsed as a number")
            }
        },
        "toboolean/0": .value { input, _ throws(QueryError) in
            switch input {
            case .bool: return input
            case .string("true"): return true
            case .string("false"): return false
            default: throw QueryError.runtime("\(QueryValueText.described(input)) cannot be parsed as a boolean")
            }
        },
        "infinite/0": .value { _, _ throws(QueryError) in .number(JSONNumber.special(.infinity)) },
        "nan/0": .value { _, _ throws(QueryError) in .number(JSONNumber.special(.nan)) },
        "isinfinite/0": .value { input, _ throws(QueryError) in .bool(try double(input).isInfinite) },
        "isnan/0": .value { input, _ throws(QueryError) in .bool(try double(input).isNaN) },
        "isnormal/0": .value { input, _ throws(QueryError) in .bool(try double(input).isNormal) },
        "isvalid/1": .filter { call, emit throws(QueryError) in
            do throws(QueryError) {
                try call.values(0) { (_: JSONValue) throws(QueryError) in }
                try emit(true, nil)
            } catch {
                if error.breakLabel != nil || error.isLimit { throw error }
                try emit(false, nil)
            }
        },
        "abs/0": .value { input, _ throws(QueryError) in
            guard case .number(let n) = input else {
                throw QueryError.runtime("\(QueryValueText.described(input)) has no absolute value")
            }
            if n.literal.hasPrefix("-") { return .number(JSONNumber(literal: String(n.literal.dropFirst()))) }
            return input
        },
        "toarray/0": .value { input, _ throws(QueryError) in
            if case .array = input { return input }
            return .array([input])
        },
        "add/0": .value { input, _ throws(QueryError) in
            if input.isNull { return .null }
            var sum = JSONValue.null
            var first = true
            for value in try QueryIndexing.iterate(input) {
                sum = first ? value : try QueryArithmetic.add(sum, value)
                first = false
            }
            return sum
        },
        "add/1": .filter { call, emit throws(QueryError) in
            var sum = JSONValue.null
            var first = true
            try call.values(0) { (value: JSONValue) throws(QueryError) in
                sum = first ? value : try QueryArithmetic.add(sum, value)
                first = false
            }
            try emit(sum, nil)
        },
    ]

    static func double(_ value: JSONValue) throws(QueryError) -> Double {
        guard case .number(let n) = value else {
            throw QueryError.runtime("\(QueryValueText.described(value)) number required")
        }
        return n.doubleValue
    }

    /// `nan` and `NaN` parse as jq 1.7's NaN literal (printed as null).
    static func specialNumber(_ text: String) -> JSONValue? {
        switch text {
        case "nan", "NaN", "-nan", "-NaN": return .number(JSONNumber.special(.nan))
        default: return nil
        }
    }

    /// null is 0, strings count code points, numbers give their absolute value.
    static func length(_ value: JSONValue) throws(QueryError) -> JSONValue {
        switch value {
        case .null:
            return number(0)
        case .bool:
            throw QueryError.runtime("\(QueryValueText.described(value)) has no length")
        case .number(let n):
            let literal = n.literal
            return literal.hasPrefix("-") ? .number(JSONNumber(literal: String(literal.dropFirst()))) : value
        case .string(let string):
            return number(string.unicodeScalars.count)
        case .array(let array):
            return number(array.count)
        case .object(let object):
            return number(object.count)
        }
    }

    static func keys(_ value: JSONValue, sorted: Bool) throws(QueryError) -> JSONValue {
        switch value {
        case .object(let object):
            let names = sorted ? object.keys.sorted().map(\.string) : object.names
            return .array(names.map(JSONValue.string))
        case .array(let array):
            return .array(array.indices.map { number($0) })
        default:
            throw QueryError.runtime("\(QueryValueText.described(value)) has no keys")
        }
    }

    private static func sameKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.bool, .bool): return true
        default: return a.typeName == b.typeName
        }
    }

    /// jq's `jv_contains`: substrings, every element of `b` inside some element of `a`, objects member-wise.
    static func contains(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return y.allSatisfy { key, value in x[key].map { contains($0, value) } ?? false }
        case (.array(let x), .array(let y)):
            return y.allSatisfy { element in x.contains { contains($0, element) } }
        case (.string(let x), .string(let y)):
            return y.isEmpty || QueryStrings.indices(of: y, in: x, bytes: true).isEmpty == false
        default:
            return QueryOrdering.equal(a, b)
        }
    }
}
