#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// The bytes of 64 bytes of JSON that matter to its structure, one bit per byte (bit k for byte k), found
    /// sixteen bytes at a time with SSE2 (which every x86-64 processor has).
    struct JSONBlockMasks {
        private(set) var quotes: UInt64 = 0
        private(set) var backslashes: UInt64 = 0
        /// `{ } [ ] : ,`
        private(set) var operators: UInt64 = 0
        /// Space, tab, line feed, carriage return.
        private(set) var whitespace: UInt64 = 0
        /// Below 0x20.
        private(set) var controls: UInt64 = 0
        /// 0x80 and above.
        private(set) var nonASCII: UInt64 = 0

        /// The masks of the 64 bytes at `block`.
        @inline(__always)
        init(_ block: UnsafeRawPointer) {
            add(block, 0)
            add(block + 16, 16)
            add(block + 32, 32)
            add(block + 48, 48)
        }

        @inline(__always)
        private mutating func add(_ bytes: UnsafeRawPointer, _ shift: UInt64) {
            let v = _mm_loadu_si128(bytes.assumingMemoryBound(to: __m128i.self))
            @inline(__always) func bits(_ lanes: __m128i) -> UInt64 {
                UInt64(UInt32(bitPattern: _mm_movemask_epi8(lanes))) << shift
            }
            @inline(__always) func equal(_ lanes: __m128i, _ byte: UInt8) -> __m128i {
                _mm_cmpeq_epi8(lanes, _mm_set1_epi8(Int8(bitPattern: byte)))
            }
            @inline(__always) func or(_ a: __m128i, _ b: __m128i) -> __m128i { _mm_or_si128(a, b) }
            quotes |= bits(equal(v, ASCII.quote))
            backslashes |= bits(equal(v, ASCII.backslash))
            // `[` and `]` are `{` and `}` without the 0x20 bit.
            let folded = _mm_or_si128(v, _mm_set1_epi8(0x20))
            operators |= bits(
                or(
                    or(equal(folded, ASCII.openBrace), equal(folded, ASCII.closeBrace)),
                    or(equal(v, ASCII.colon), equal(v, ASCII.comma))))
            whitespace |= bits(
                or(
                    or(equal(v, ASCII.space), equal(v, ASCII.tab)),
                    or(equal(v, ASCII.newline), equal(v, ASCII.carriageReturn))))
            // Below 0x20: the unsigned maximum with 0x1F is 0x1F.
            controls |= bits(equal(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), 0x1F))
            nonASCII |= bits(v)
        }
    }
#endif

/// The escaped characters of a block: those right after an odd run of backslashes (simdjson's way), with the
/// run that the block before ended in.
struct JSONEscapeScanner {
    /// Whether the first byte of the next block is escaped.
    private var nextIsEscaped: UInt64 = 0

    /// The bits of the escaped characters of the block whose backslashes are `backslashes`.
    @inline(__always)
    mutating func escaped(_ backslashes: UInt64) -> UInt64 {
        guard backslashes != 0 else {
            defer { nextIsEscaped = 0 }
            return nextIsEscaped
        }
        let oddBits: UInt64 = 0xAAAA_AAAA_AAAA_AAAA
        // A backslash that is itself escaped does not escape; of the rest, each run's escapes and its terminal
        // character alternate from its first bit.
        let potential = backslashes & ~nextIsEscaped
        let codes = ((potential << 1 | oddBits) &- potential) ^ oddBits
        let escaped = codes ^ (backslashes | nextIsEscaped)
        nextIsEscaped = (codes & backslashes) >> 63
        return escaped
    }
}

extension UInt64 {
    /// Each bit the parity of the bits at and below it: from the quotes (escaped ones removed), the bits inside
    /// strings, opening quotes included and closing quotes not.
    @inline(__always)
    var prefixParity: UInt64 {
        var x = self
        x ^= x << 1
        x ^= x << 2
        x ^= x << 4
        x ^= x << 8
        x ^= x << 16
        x ^= x << 32
        return x
    }
}
