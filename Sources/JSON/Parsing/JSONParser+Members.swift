#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSONParser {
    /// Parses the value at `index` (not whitespace); when it is an object and `members` is given (as the UTF-8
    /// bytes of the names), only those members are built (the others are checked and skipped), so a filter that
    /// reads only them sees the same.
    mutating func parseValue(keeping members: [[UInt8]]?) throws(JSONParseError) -> JSONValue {
        guard let members, index < count, bytes[index] == ASCII.openBrace else { return try parseValue() }
        var object = JSONObject()
        try stepOverObject(naming: members[...]) { (parser, position) throws(JSONParseError) in
            if let position {
                object[JSONKey(String(decoding: members[position], as: UTF8.self))] = try parser.parseValue()
            } else {
                try parser.skipValue()
            }
        }
        return .object(object)
    }

    /// Steps over the object whose opening brace is at `index` with the checks of `parseValue`, calling `member`
    /// at each member's value (after the colon and whitespace) with the position in `names` of the member's name,
    /// or nil when it is not one of them; `member` steps over the value.
    @inline(__always)
    mutating func stepOverObject<Names: RandomAccessCollection<[UInt8]>>(
        naming names: Names, _ member: (inout JSONParser, Int?) throws(JSONParseError) -> Void
    ) throws(JSONParseError) where Names.Index == Int {
        try enterContainer()
        skipWhitespace()
        if index < count, bytes[index] == ASCII.closeBrace {
            index += 1
            depth -= 1
            return
        }
        repeat {
            let position = try memberKeyPosition(in: names)
            try member(&self, position)
        } while try stepOverSeparator(inObject: true)
    }

    /// `parseMemberKey` (the same checks), giving the position in `names` of the key, or nil when it is none of
    /// them. Keys are compared by their UTF-8 bytes once decoded.
    @inline(__always)
    private mutating func memberKeyPosition<Names: RandomAccessCollection<[UInt8]>>(
        in names: Names
    ) throws(JSONParseError) -> Int? where Names.Index == Int {
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.quote else { throw error(.unexpectedByte(bytes[index]), at: index) }
        let openingQuote = index
        let escaped = try skipString()
        let closingQuote = index - 1
        skipWhitespace()
        guard index < count else { throw error(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.colon else { throw error(.unexpectedByte(bytes[index]), at: index) }
        index += 1
        skipWhitespace()
        if escaped {
            let after = index
            index = openingQuote
            let name = try parseString()
            index = after
            return names.firstIndex { $0.elementsEqual(name.utf8) }
        }
        let start = bytes + openingQuote + 1
        let length = closingQuote - openingQuote - 1
        return names.firstIndex { name in
            name.count == length
                && (length == 0 || name.withUnsafeBufferPointer { memcmp($0.baseAddress!, start, length) == 0 })
        }
    }
}
