/// What the lead byte of a multi-byte UTF-8 sequence asks of the bytes after it (RFC 3629, section 4):
/// how many continuation bytes follow and the range the first of them must fall in. The narrower first ranges
/// rule out overlong forms (E0, F0), UTF-16 surrogates (ED) and code points above U+10FFFF (F4).
struct UTF8Lead {
    let continuationCount: Int
    let firstLow: UInt8
    let firstHigh: UInt8

    /// The requirements of `byte` as a lead byte, or nil when it cannot start a sequence
    /// (a continuation byte, C0, C1, F5...FF).
    @inline(__always)
    init?(_ byte: UInt8) {
        switch byte {
        case 0xC2...0xDF: self.init(continuationCount: 1, firstLow: 0x80, firstHigh: 0xBF)
        case 0xE0: self.init(continuationCount: 2, firstLow: 0xA0, firstHigh: 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: self.init(continuationCount: 2, firstLow: 0x80, firstHigh: 0xBF)
        case 0xED: self.init(continuationCount: 2, firstLow: 0x80, firstHigh: 0x9F)
        case 0xF0: self.init(continuationCount: 3, firstLow: 0x90, firstHigh: 0xBF)
        case 0xF1...0xF3: self.init(continuationCount: 3, firstLow: 0x80, firstHigh: 0xBF)
        case 0xF4: self.init(continuationCount: 3, firstLow: 0x80, firstHigh: 0x8F)
        default: return nil
        }
    }

    @inline(__always)
    private init(continuationCount: Int, firstLow: UInt8, firstHigh: UInt8) {
        self.continuationCount = continuationCount
        self.firstLow = firstLow
        self.firstHigh = firstHigh
    }

    /// The range of every continuation byte after the first.
    static let continuationLow: UInt8 = 0x80
    static let continuationHigh: UInt8 = 0xBF
}
