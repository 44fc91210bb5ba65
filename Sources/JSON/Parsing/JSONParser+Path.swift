#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shape of the objects of an array, learnt from one and checked on the next (`JSONObjectShape`). An object
/// that is not whole yet (the end of a batch) or written otherwise misses it; after four misses in a row the next
/// object's shape is learnt instead, and after sixteen shapes no more are.
struct JSONShapes {
    private(set) var shape: JSONObjectShape?
    /// Misses in a row.
    private var misses = 0
    private var learnt = 0
    private let learns: Bool

    init(learns: Bool = true) { self.learns = learns }

    var mayLearn: Bool { learns && shape == nil && learnt < 16 }

    mutating func matched() { misses = 0 }

    mutating func missed() {
        misses += 1
        if misses == 4 {
            shape = nil
            misses = 0
        }
    }

    mutating func learn(_ shape: JSONObjectShape?) {
        learnt += 1
        self.shape = shape
    }
}

/// Where `.a.b.c` leads in a value, found while stepping over it (`JSONParser.skipValue(following:)`).
enum JSONPathEnd: Equatable {
    /// The bytes of the value it leads to (checked), in the parser's bytes.
    case value(Range<Int>)
    /// `null`: a member on the way is missing, or a value on the way is null.
    case null
    /// A value on the way is neither an object nor null (`.a` on it is an error, which the interpreter gives).
    case neither
}

extension JSONParser {
    /// Checks the value at `index` (not whitespace) exactly as `skipValue` does and steps over it, finding where
    /// the member names of `path` (UTF-8 bytes, at least one) lead without building anything: of repeated keys the
    /// last counts, as in the objects `parseValue` builds.
    mutating func skipValue(following path: [[UInt8]]) throws(JSONParseError) -> JSONPathEnd {
        var shapes = JSONShapes(learns: false)
        return try skipValue(following: path, shapes: &shapes)
    }

    /// `skipValue(following:)`, checking an object first against the shape `shapes` learnt from the objects
    /// before it (the elements of one array), and learning it from this one when there is none.
    mutating func skipValue(following path: [[UInt8]], shapes: inout JSONShapes) throws(JSONParseError) -> JSONPathEnd {
        let start = index
        if let shape = shapes.shape, index < count, bytes[index] == ASCII.openBrace {
            var found: Range<Int>?
            if stepOverObject(shaped: shape, found: &found) {
                shapes.matched()
                return try follow(path, from: found.map { .value($0) } ?? .null)
            }
            shapes.missed()
        }
        let end = try stepOverValue(findingMember: path[0])
        if shapes.mayLearn, bytes[start] == ASCII.openBrace {
            shapes.learn(path[0].withUnsafeBufferPointer { shape(ofObjectIn: start..<index, wanting: $0) })
        }
        return try follow(path, from: end)
    }

    /// Where the rest of `path` leads from where its first name led.
    private mutating func follow(_ path: [[UInt8]], from first: JSONPathEnd) throws(JSONParseError) -> JSONPathEnd {
        var end = first
        guard path.count > 1 else { return end }
        // The value found is checked already: looking inside it again cannot fail.
        let after = index
        let depthAfter = depth
        defer {
            index = after
            depth = depthAfter
        }
        for level in 1..<path.count {
            guard case .value(let range) = end else { break }
            index = range.lowerBound
            depth = depthAfter + level
            end = try stepOverValue(findingMember: path[level])
        }
        return end
    }

    /// Steps over the value at `index` (as `skipValue`), finding the member `name` when it is an object: in one
    /// quick pass when it can, else member by member with the careful checks.
    private mutating func stepOverValue(findingMember name: [UInt8]) throws(JSONParseError) -> JSONPathEnd {
        let first = index < count ? bytes[index] : 0
        var found: Range<Int>?
        let quick = name.withUnsafeBufferPointer { name in skipValueQuickly(findingMember: name, found: &found) }
        if quick || first != ASCII.openBrace {
            if !quick { try skipValue() }
            if first == ASCII.openBrace { return found.map { .value($0) } ?? .null }
            return first == ASCII.lowerN ? .null : .neither
        }
        try withUnsafePointer(to: name) { (name) throws(JSONParseError) in
            let names = UnsafeBufferPointer(start: name, count: 1)
            try stepOverObject(naming: names) { (parser, position) throws(JSONParseError) in
                let start = parser.index
                try parser.skipValue()
                if position != nil { found = start..<parser.index }
            }
        }
        return found.map { .value($0) } ?? .null
    }

    /// Whether the (checked) value in `range` is printed by `JSONWriter` (without colors or `escapeNonASCII`) as
    /// exactly these bytes: a number (its literal is kept), `true`, `false`, `null`, or a string with no escape
    /// (nothing in it needs one on output, and everything else is written as is).
    func printsAsItself(_ range: Range<Int>) -> Bool {
        switch bytes[range.lowerBound] {
        case ASCII.openBrace, ASCII.openBracket: return false
        case ASCII.quote: return memchr(bytes + range.lowerBound, Int32(ASCII.backslash), range.count) == nil
        default: return true
        }
    }
}
