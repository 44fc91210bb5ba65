/// Entry points for reading JSON text.
///
/// ```swift
/// let value = try JSON.parse(#"{"name": "alice", "tags": ["a", "b"]}"#)
/// let lines = try JSON.parseSequence(Array("1\n{\"a\":2}\n".utf8))
/// ```
/// Parsing is strict RFC 8259 (no comments, trailing commas, leading zeros, NaN; strings must be valid UTF-8), with
/// two allowances: a UTF-8 byte order mark at the very start is skipped, and nesting deeper than `maxDepth` arrays
/// and objects is an error rather than a stack overflow. Numbers keep their literal text; a repeated object key keeps
/// its first position and its last value. Errors carry the line, byte column and offset of the problem
/// (see `JSONParseError`).
public enum JSON {
    /// The nesting cap used when none is given: 512 levels of arrays and objects.
    ///
    /// The parser itself is iterative, but keep custom caps in the low thousands: Swift releases, compares and
    /// writes nested values recursively, so a tree tens of thousands of levels deep can overflow a thread's stack.
    public static let defaultMaxDepth = 512

    /// Parses one JSON value with optional whitespace around it.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        try withParser(bytes, maxDepth: maxDepth) { parser throws(JSONParseError) in try parser.parseDocument() }
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, maxDepth: maxDepth) }
        }
        .get()
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth) }
        }.get()
    }

    /// Parses any byte collection (slices, `Data`, `String.UTF8View` ...), copying only when it is not contiguous.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth) }
        }
        return try (result ?? Result { () throws(JSONParseError) in try parse(Array(bytes), maxDepth: maxDepth) })
            .get()
    }

    /// Parses zero or more whitespace-separated values (NDJSON, jq input). Numbers, `true`, `false` and `null` need
    /// whitespace before a following value; strings, arrays and objects don't. Empty input gives `[]`.
    public static func parseSequence(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> [JSONValue]
    {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in
                try withParser(buffer, maxDepth: maxDepth) { parser throws(JSONParseError) in
                    try parser.parseSequence()
                }
            }
        }.get()
    }

    private static func withParser<T>(
        _ buffer: UnsafeRawBufferPointer,
        maxDepth: Int,
        _ body: (inout JSONParser) throws(JSONParseError) -> T
    ) throws(JSONParseError) -> T {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            // Empty input: point the parser at a harmless byte it never reads (count is 0).
            var placeholder: UInt8 = 0
            return try withUnsafePointer(to: &placeholder) { pointer in
                Result { () throws(JSONParseError) in
                    var parser = JSONParser(bytes: pointer, count: 0, maxDepth: maxDepth)
                    return try body(&parser)
                }
            }.get()
        }
        var parser = JSONParser(
            bytes: base.assumingMemoryBound(to: UInt8.self), count: buffer.count, maxDepth: maxDepth)
        return try body(&parser)
    }
}
