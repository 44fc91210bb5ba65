/// The scalar value reported before the start and after the end of the text.
let noScalar = UInt32.max

/// Decodes the scalar at `offset` (`offset < bytes.count`): its value and length in bytes. An invalid or truncated
/// sequence is U+FFFD, one byte long.
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (value: UInt32, length: Int) {
    let lead = UInt32(bytes[offset])
    if lead < 0x80 { return (lead, 1) }
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, lead & 0x1F)
    case 0xE0...0xEF: (length, value) = (3, lead & 0x0F)
    case 0xF0...0xF4: (length, value) = (4, lead & 0x07)
    default: return (0xFFFD, 1)
    }
    guard offset + length <= bytes.count else { return (0xFFFD, 1) }
    for index in 1..<length {
        let byte = UInt32(bytes[offset + index])
        guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
        value = value << 6 | (byte & 0x3F)
    }
    let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return (0xFFFD, 1) }
    return (value, length)
}

/// The scalar that ends just before `offset`, or `noScalar` at the start.
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, before offset: Int) -> UInt32 {
    guard offset > 0 else { return noScalar }
    var start = offset - 1
    while start > 0, offset - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    let (value, length) = decodeScalar(bytes, at: start)
    return start + length == offset ? value : 0xFFFD
}
