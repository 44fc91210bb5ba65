#if arch(x86_64)
    extension JSONParser {
        /// What the next token of a container may be.
        private enum Expected {
            /// A value (after `:` or, in an array, `,`).
            case value
            /// A value or `]`, after `[`.
            case valueOrClose
            /// A key, after `,` in an object.
            case key
            /// A key or `}`, after `{`.
            case keyOrClose
            /// `:` after a key.
            case colon
            /// `,` or the closing bracket, after a value.
            case separator
        }

        /// `skipValueQuickly(findingMember:found:)` for the object or array at `start`, 64 bytes at a time
        /// (`JSONBlockMasks`): where its structure is (strings, operators, the first bytes of numbers and
        /// literals) comes from the bits of each block, and only the tokens are looked at one by one. Returns the
        /// index after the container, and sets `found` as `skipValueQuickly` does; nil (and `found` untouched)
        /// at whatever `skipValueQuickly` gives up at, and at the end of the bytes.
        @inline(__always)
        static func skipContainerByBlocks(
            _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, room: Int,
            findingMember name: UnsafeBufferPointer<UInt8>?,
            found: inout Range<Int>?
        ) -> Int? {
            var blockStart = start
            var escapes = JSONEscapeScanner()
            var inStringBefore: UInt64 = 0  // all ones when the block before ended inside a string
            var otherBefore: UInt64 = 0  // 1 when it ended in a number or literal
            var checkedUpTo = start  // the UTF-8 sequences before this are checked
            var level = 0
            var objects: UInt64 = 0  // bit k set: the container at level k + 1 is an object
            var expected = Expected.value
            var nameFollows = false  // the key just read at level 1 is `name`
            var valueStart = -1  // where the value of the member `name` starts, while it is being stepped over
            var member: Range<Int>?
            while true {
                let masks: JSONBlockMasks
                if blockStart &+ 64 <= n {
                    masks = JSONBlockMasks(p + blockStart)
                } else {
                    guard blockStart < n else { return nil }
                    // The last bytes, padded with spaces.
                    masks = withUnsafeTemporaryAllocation(byteCount: 64, alignment: 16) { block in
                        block.initializeMemory(as: UInt8.self, repeating: ASCII.space)
                        block.baseAddress!.copyMemory(from: p + blockStart, byteCount: n &- blockStart)
                        return JSONBlockMasks(UnsafeRawPointer(block.baseAddress!))
                    }
                }
                let escaped = escapes.escaped(masks.backslashes)
                let quotes = masks.quotes & ~escaped
                let inString = quotes.prefixParity ^ inStringBefore
                inStringBefore = UInt64(bitPattern: Int64(bitPattern: inString) >> 63)
                // In strings: no control character; each escape and each multi-byte sequence looked at.
                guard masks.controls & inString == 0 else { return nil }
                var escapedInString = escaped & inString
                while escapedInString != 0 {
                    let at = blockStart &+ escapedInString.trailingZeroBitCount
                    escapedInString &= escapedInString &- 1
                    guard quickEscape(p, n, at &- 1) != nil else { return nil }
                }
                var sequences = masks.nonASCII & inString
                while sequences != 0 {
                    let at = blockStart &+ sequences.trailingZeroBitCount
                    sequences &= sequences &- 1
                    guard at >= checkedUpTo else { continue }
                    guard let end = quickSequence(p, n, at) else { return nil }
                    checkedUpTo = end
                }
                // The tokens: operators and opening quotes outside strings, and the first byte of each run of
                // other bytes (a number or a literal, checked as such; anything else is not JSON).
                let other = ~(masks.whitespace | masks.operators | quotes | inString)
                var tokens = (masks.operators & ~inString) | (quotes & inString) | (other & ~(other << 1 | otherBefore))
                otherBefore = other >> 63
                while tokens != 0 {
                    let bit = tokens.trailingZeroBitCount
                    let at = blockStart &+ bit
                    tokens &= tokens &- 1
                    let byte = p[at]
                    if nameFollows, expected == .value {
                        valueStart = at
                        nameFollows = false
                    }
                    switch byte {
                    case ASCII.quote:
                        if expected == .key || expected == .keyOrClose {
                            if let name, level == 1 {
                                guard let isName = keyIsName(p, n, at, bit, quotes & ~inString, masks, name)
                                else { return nil }
                                nameFollows = isName
                            }
                            expected = .colon
                        } else {
                            guard expected == .value || expected == .valueOrClose else { return nil }
                            expected = .separator
                        }
                    case ASCII.openBrace, ASCII.openBracket:
                        guard expected == .value || expected == .valueOrClose else { return nil }
                        level &+= 1
                        guard level <= room else { return nil }
                        let bit: UInt64 = 1 &<< UInt64(level &- 1)
                        if byte == ASCII.openBrace {
                            objects |= bit
                            expected = .keyOrClose
                        } else {
                            objects &= ~bit
                            expected = .valueOrClose
                        }
                    case ASCII.closeBrace, ASCII.closeBracket:
                        let isObject = byte == ASCII.closeBrace
                        guard expected == .separator || expected == (isObject ? .keyOrClose : .valueOrClose),
                            level > 0, (objects &>> UInt64(level &- 1)) & 1 == (isObject ? 1 : 0)
                        else { return nil }
                        if level == 1, valueStart >= 0 {
                            member = valueStart..<valueEnd(p, valueStart, at)
                            valueStart = -1
                        }
                        level &-= 1
                        if level == 0 {
                            if name != nil { found = member }
                            return at &+ 1
                        }
                        expected = .separator
                    case ASCII.colon:
                        guard expected == .colon else { return nil }
                        expected = .value
                    case ASCII.comma:
                        guard expected == .separator else { return nil }
                        if level == 1, valueStart >= 0 {
                            member = valueStart..<valueEnd(p, valueStart, at)
                            valueStart = -1
                        }
                        expected = (objects &>> UInt64(level &- 1)) & 1 == 1 ? .key : .value
                    default:
                        // The run of other bytes must be exactly one number or literal.
                        let length = (~(other &>> UInt64(bit))).trailingZeroBitCount
                        guard expected == .value || expected == .valueOrClose,
                            let end = quickScalar(p, n, at),
                            bit &+ length < 64 ? end == at &+ length : end < n && isAfterScalar(p[end])
                        else { return nil }
                        expected = .separator
                    }
                }
                blockStart &+= 64
            }
        }

        /// Whether the key whose opening quote is at `at`, bit `bit` of its block, is `name`, as `quickKeyName`
        /// tells (nil where it gives up); from the block's closing quotes and backslashes when the key ends in it.
        @inline(__always)
        private static func keyIsName(
            _ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, _ bit: Int, _ closingQuotes: UInt64,
            _ masks: JSONBlockMasks, _ name: UnsafeBufferPointer<UInt8>
        ) -> Bool? {
            let after = (closingQuotes &>> UInt64(bit)) &>> 1  // bit k: the byte k + 1 after the opening quote
            guard after != 0 else { return keyIsNameByBytes(p, n, at, name) }
            let length = after.trailingZeroBitCount
            let escapes = ((masks.backslashes &>> UInt64(bit)) &>> 1) & ((UInt64(1) &<< UInt64(length)) &- 1)
            guard escapes == 0 else { return keyIsNameByBytes(p, n, at, name) }
            guard length == name.count else { return false }
            var k = 0
            while k < length, p[at &+ 1 &+ k] == name[k] { k &+= 1 }
            return k == length
        }

        /// `keyIsName` for a key that goes on into the next block or has an escape.
        @inline(never)
        private static func keyIsNameByBytes(
            _ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, _ name: UnsafeBufferPointer<UInt8>
        ) -> Bool? {
            quickKeyName(p, n, at, name)?.isName
        }

        /// The index after the value that starts at `start` and is followed, after whitespace, by the operator at
        /// `next`.
        @inline(__always)
        private static func valueEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ next: Int) -> Int {
            var end = next
            while end > start, ASCII.isWhitespace(p[end &- 1]) { end &-= 1 }
            return end
        }

        /// Whether `byte` may follow a number or a literal in a container.
        @inline(__always)
        private static func isAfterScalar(_ byte: UInt8) -> Bool {
            byte == ASCII.comma || byte == ASCII.closeBrace || byte == ASCII.closeBracket || ASCII.isWhitespace(byte)
        }
    }
#endif
