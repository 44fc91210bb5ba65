extension JSONValue {
    /// The value as compact JSON bytes: no whitespace, keys in order.
    public var compactBytes: [UInt8] { JSONWriter.compact.bytes(self) }

    /// The value as compact JSON text.
    public var compactString: String { JSONWriter.compact.string(self) }

    /// The value as pretty JSON text with a 2-space indent (`"key": value`, empty containers as `[]` and `{}`),
    /// without a trailing newline.
    public var prettyString: String { JSONWriter.pretty.string(self) }
}
