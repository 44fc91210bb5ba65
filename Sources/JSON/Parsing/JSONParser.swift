#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A strict RFC 8259 parser over raw bytes (iterative, so deep nesting never exhausts the thread stack).
///
/// No trailing commas, comments, leading zeros, NaN or Infinity; strings must be valid UTF-8 with escaped control
/// characters; nesting is capped at `maxDepth`. A UTF-8 byte order mark at the very start is skipped (RFC 8259
/// section 8.1 allows ignoring it). Numbers keep their literal text. A repeated object key keeps its first position
/// and its last value.
struct JSONParser {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var index = 0
    var depth = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Reused stack of `skipValue` (true for an object).
    var skipStack: [Bool] = []
    /// Where `bytes` starts in the whole input, when it is a part of it (errors count from the input's start).
    var origin = JSONParseOrigin()
    /// Whether errors get their line and column (counted from the start: a cost a caller that only needs to
    /// know that the bytes so far do not parse can skip).
    var locatesErrors = true

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.bytes = bytes
        self.count = count
        self.maxDepth = maxDepth
    }

    /// Parses exactly one value, with only whitespace around it.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipByteOrderMark()
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < count { throw error(.trailingCharacters, at: index) }
        return value
    }

    /// Parses zero or more values separated by whitespace. A number, `true`, `false` or `null` must be followed by
    /// whitespace or the end before the next value (so `1 2` is two values but `1-2` is an error); strings, arrays
    /// and objects delimit themselves (`{}{}` is two values).
    mutating func parseSequence() throws(JSONParseError) -> [JSONValue] {
        skipByteOrderMark()
        return try parseValues()
    }

    /// `parseSequence` from `index` on (after a value that delimits itself, or at the start).
    mutating func parseValues() throws(JSONParseError) -> [JSONValue] {
        var values: [JSONValue] = []
        skipWhitespace()
        while index < count {
            let value = try parseValue()
            values.append(value)
            let valueEnd = index
            skipWhitespace()
            if index == valueEnd, index < count, value.endsWithoutDelimiter {
                throw error(.unexpectedByte(bytes[index]), at: index)
            }
        }
        return values
    }

    // MARK: - Values

    /// Parses the value starting at `index` (which is not whitespace).
    ///
    /// Iterative, with explicit stacks of the arrays and objects being filled, so any `maxDepth` is safe for the
    /// thread's stack.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var containers: [Bool] = []  // innermost last; true for an object
        var arrays: [[JSONValue]] = []
        var objects: [JSONObject] = []
        var keys: [JSONKey] = []
        nextValue: while true {
            var value: JSONValue
            guard index < count else { throw error(.unexpectedEnd, at: index) }
            switch bytes[index] {
            case ASCII.quote:
                value = .string(try parseString())
            case ASCII.openBracket:
                try enterContainer()
                skipWhitespace()
                guard index < count, bytes[index] == ASCII.closeBracket else {
                    containers.append(false)
                    arrays.append([])
                    continue nextValue
                }
                index += 1
                depth -= 1
                value = .array([])
            case ASCII.openBrace:
                try enterContainer()
                skipWhitespace()
                guard index < count, bytes[index] == ASCII.closeBrace else {
                    keys.append(try parseMemberKey())
                    containers.append(true)
                    objects.append([:])
                    continue nextValue
                }
                index += 1
                depth -= 1
                value = .object([:])
            case ASCII.minus, ASCII.zero...ASCII.nine:
                value = .number(try parseNumber())
            case ASCII.lowerT:
                try parseLiteral("true")
                value = .bool(true)
            case ASCII.lowerF:
                try parseLiteral("false")
                value = .bool(false)
            case ASCII.lowerN:
                try parseLiteral("null")
                value = .null
            case let byte:
                throw error(.unexpectedByte(byte), at: index)
            }
            // Hand the value to its container; a closing bracket completes that one in turn.
            while let isObject = containers.last {
                if isObject {
                    objects[objects.count - 1][keys.removeLast()] = value
                } else {
                    arrays[arrays.count - 1].append(value)
                }
                if try stepOverSeparator(inObject: isObject) {
                    if isObject { keys.append(try parseMemberKey()) }
                    continue nextValue
                }
                containers.removeLast()
                value = isObject ? .object(objects.removeLast()) : .array(arrays.removeLast())
            }
            return value
        }
    }

    /// Parses `"key" :` (and the whitespace after it) at `index`, which is not whitespace.
    mutating func parseMemberKey() throws(JSONParseError) -> JSONKey {
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.quote else { throw error(.unexpectedByte(bytes[index]), at: index) }
        let key = try parseString()
        skipWhitespace()
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.colon else { throw error(.unexpectedByte(bytes[index]), at: index) }
        index += 1
        skipWhitespace()
        return JSONKey(key)
    }

    /// After a member of an object (`inObject`) or an element of an array, with whitespace before: true past a comma
    /// and the whitespace after it (another follows), false past the container's closing brace or bracket (its
    /// depth left); anything else is an error.
    @inline(__always)
    mutating func stepOverSeparator(inObject: Bool) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        let byte = bytes[index]
        if byte == ASCII.comma {
            index += 1
            skipWhitespace()
            return true
        }
        guard byte == (inObject ? ASCII.closeBrace : ASCII.closeBracket) else {
            throw error(.unexpectedByte(byte), at: index)
        }
        index += 1
        depth -= 1
        return false
    }

    /// Steps over the opening bracket or brace, enforcing the depth cap.
    @inline(__always)
    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error(.tooDeep(maxDepth: maxDepth), at: index) }
        index += 1
    }

    /// Matches `true`, `false` or `null`; a mismatch or the end of input is reported at the literal's start.
    mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        guard index + length <= count else { throw error(.invalidLiteral(expected: literal), at: index) }
        for k in 1..<length where bytes[index + k] != expected[k] {
            throw error(.invalidLiteral(expected: literal), at: index)
        }
        index += length
    }

    // MARK: - Whitespace and errors

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count, ASCII.isWhitespace(bytes[index]) { index += 1 }
    }

    mutating func skipByteOrderMark() {
        let mark = ASCII.byteOrderMark
        if count >= 3, bytes[0] == mark.0, bytes[1] == mark.1, bytes[2] == mark.2 { index = 3 }
    }

    /// An error at `offset`, with its line and column counted from the start of the input.
    func error(_ problem: JSONSyntaxProblem, at offset: Int) -> JSONParseError {
        guard locatesErrors else {
            return JSONParseError(line: 0, column: 0, offset: origin.offset + offset, message: problem.message)
        }
        var line = origin.line
        var lineStart = origin.lineStart
        for i in 0..<offset where bytes[i] == ASCII.newline {
            line += 1
            lineStart = origin.offset + i + 1
        }
        let inputOffset = origin.offset + offset
        return JSONParseError(
            line: line, column: inputOffset - lineStart + 1, offset: inputOffset, message: problem.message)
    }
}

/// Where a part of an input starts: its offset, the line it starts on, and the offset of that line's start.
struct JSONParseOrigin {
    var offset = 0
    var line = 1
    var lineStart = 0

    /// The origin of the bytes after the first `count` of `bytes`, which start at this one.
    func advanced(over bytes: UnsafePointer<UInt8>, count: Int) -> JSONParseOrigin {
        var next = JSONParseOrigin(offset: offset + count, line: line, lineStart: lineStart)
        var cursor = UnsafeRawPointer(bytes)
        var left = count
        while left > 0, let found = memchr(cursor, Int32(ASCII.newline), left) {
            let after = UnsafeRawPointer(found) + 1
            next.line += 1
            next.lineStart = offset + (after - UnsafeRawPointer(bytes))
            left -= after - cursor
            cursor = after
        }
        return next
    }
}

extension JSONValue {
    /// Numbers and literals need whitespace before a following value in a sequence; strings and containers don't.
    var endsWithoutDelimiter: Bool {
        switch self {
        case .null, .bool, .number: true
        case .string, .array, .object: false
        }
    }
}
