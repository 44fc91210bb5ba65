#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How an object element of an array is written, as bytes: the text before each member's value (the brace or
/// comma, the key, the colon and the whitespace around them) and the text after the last value. An API's list
/// writes every element with the same keys in the same order, so the elements after the first can be checked
/// against it: equal texts are the same keys, and only the values are left to step over.
struct JSONObjectShape {
    /// The texts, one more than the members, and where each ends in `bytes` (followed by eight zero bytes, so
    /// that a short text is compared a word at a time).
    fileprivate let bytes: [UInt8]
    fileprivate let ends: [Int]
    /// The member whose value is wanted (the last with the name), if any.
    fileprivate let wanted: Int?

    fileprivate init(bytes: [UInt8], ends: [Int], wanted: Int?) {
        self.bytes = bytes + [UInt8](repeating: 0, count: 8)
        self.ends = ends
        self.wanted = wanted
    }
}

extension JSONParser {
    /// The shape of the object (valid: just stepped over) in `range`, with `name` the member wanted; nil when it
    /// has no members or a key with an escape (the shape compares keys as written).
    func shape(ofObjectIn range: Range<Int>, wanting name: UnsafeBufferPointer<UInt8>) -> JSONObjectShape? {
        var parser = self
        var texts: [UInt8] = []
        var ends: [Int] = []
        var wanted: Int?
        var textStart = range.lowerBound
        var i = range.lowerBound + 1
        while true {
            while ASCII.isWhitespace(bytes[i]) { i += 1 }
            guard bytes[i] == ASCII.quote, let (keyEnd, isName) = Self.quickKeyName(bytes, count, i, name),
                memchr(bytes + i, Int32(ASCII.backslash), keyEnd - i) == nil
            else { return nil }
            i = keyEnd
            while ASCII.isWhitespace(bytes[i]) { i += 1 }
            i += 1  // the colon
            while ASCII.isWhitespace(bytes[i]) { i += 1 }
            texts += UnsafeBufferPointer(start: bytes + textStart, count: i - textStart)
            ends.append(texts.count)
            if isName { wanted = ends.count - 1 }
            parser.index = i
            parser.depth = depth + 1
            guard parser.skipValueQuickly() else { return nil }
            textStart = parser.index
            i = parser.index
            while ASCII.isWhitespace(bytes[i]) { i += 1 }
            if bytes[i] == ASCII.closeBrace { break }
            i += 1  // the comma
        }
        texts += UnsafeBufferPointer(start: bytes + textStart, count: range.upperBound - textStart)
        ends.append(texts.count)
        return JSONObjectShape(bytes: texts, ends: ends, wanted: wanted)
    }

    /// Steps over the object at `index` when it is written as `shape` says: each text byte for byte, and between
    /// them values that the quick path takes. Then it has the shape's keys in the shape's order, and `found` is the
    /// wanted member's value (nil when the shape has none). False, with `index` unchanged, at the first difference.
    mutating func stepOverObject(shaped shape: JSONObjectShape, found: inout Range<Int>?) -> Bool {
        let start = index
        let depthBefore = depth
        defer { depth = depthBefore }
        depth += 1  // the members' values are inside the object
        var member: Range<Int>?
        var i = start
        let matched = shape.bytes.withUnsafeBufferPointer { texts in
            var textStart = 0
            let last = shape.ends.count - 1
            for (k, textEnd) in shape.ends.enumerated() {
                let length = textEnd - textStart
                guard length <= count &- i, Self.sameText(bytes + i, texts.baseAddress! + textStart, length, count &- i)
                else { return false }
                i &+= length
                textStart = textEnd
                guard k < last else { return true }
                guard i < count else { return false }
                let valueStart = i
                // A member's value is most often a string or a number: stepped over here, without the loop over
                // containers.
                let first = bytes[i]
                if first == ASCII.quote {
                    guard let end = Self.quickString(bytes, count, i) else { return false }
                    i = end
                } else if first != ASCII.openBrace, first != ASCII.openBracket {
                    guard let end = Self.quickScalar(bytes, count, i) else { return false }
                    i = end
                } else {
                    index = i
                    guard skipValueQuickly() else { return false }
                    i = index
                }
                if k == shape.wanted { member = valueStart..<i }
            }
            return true
        }
        guard matched else {
            index = start
            return false
        }
        index = i
        found = member
        return true
    }

    /// Whether the `length` bytes at `input` (of which `available` may be read) are those at `text` (of which
    /// eight more may be read): a word at a time when both have room for it, as the texts are mostly short.
    @inline(__always)
    static func sameText(
        _ input: UnsafePointer<UInt8>, _ text: UnsafePointer<UInt8>, _ length: Int, _ available: Int
    ) -> Bool {
        guard length <= 16, available >= 16 else { return memcmp(input, text, length) == 0 }
        let low = word(input) ^ word(text)
        guard length > 8 else { return length == 0 || low &<< UInt64(64 &- 8 &* length) == 0 }
        let high = word(input + 8) ^ word(text + 8)
        return low == 0 && high &<< UInt64(128 &- 8 &* length) == 0
    }

    @inline(__always)
    private static func word(_ bytes: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
    }
}
