#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if arch(x86_64)
    import CJSONScan
#endif

extension JSONParser {
    /// Steps over the valid value starting at `index` in one tight loop over the bytes (locals only, no calls per
    /// byte, strings scanned sixteen bytes at a time); returns false, with `index` unchanged, at anything it does not
    /// take on itself: any error, nesting deeper than 64 levels or the depth cap, `\u` surrogates. Then
    /// `skipValue`'s careful path looks again and reports the exact error, so both accept the same values.
    ///
    /// It first tries the value as written compactly, with no whitespace between its tokens, as APIs send their
    /// bodies: that loop looks for no whitespace. At the first whitespace (or anything it does not take) the loop
    /// that allows whitespace starts again from the value's start.
    mutating func skipValueQuickly() -> Bool {
        var found: Range<Int>?
        return skipValueQuickly(findingMember: nil, found: &found)
    }

    /// `skipValueQuickly`, finding on the way, when the value is an object, the value of its member `name` (UTF-8
    /// bytes): `found` is its range in `bytes` (of repeated keys, the last's), or nil. It also gives up at a key
    /// with an escape that could be `name` once decoded (the careful path decodes it).
    @inline(__always)
    mutating func skipValueQuickly(findingMember name: UnsafeBufferPointer<UInt8>?, found: inout Range<Int>?) -> Bool {
        skipValueQuickly(findingMember: name, found: &found, compact: true)
            || skipValueQuickly(findingMember: name, found: &found, compact: false)
    }

    /// The loop of `skipValueQuickly`; when `compact`, whitespace between tokens is not taken (it is not looked for).
    @inline(__always)
    private mutating func skipValueQuickly(
        findingMember name: UnsafeBufferPointer<UInt8>?, found: inout Range<Int>?, compact: Bool
    ) -> Bool {
        let p = bytes
        let n = count
        var i = index
        var objects: UInt64 = 0  // bit k set: the container at level k + 1 is an object
        var level = 0
        var inObject = false  // the container at `level` is an object (bit `level - 1` of `objects`)
        let room = maxDepth &- depth < 64 ? maxDepth &- depth : 64  // (`min` is not always inlined here)
        var valueStart = -1  // where the value of the member `name` starts, while it is being stepped over
        nextValue: while true {
            guard i < n else { return false }
            let byte = p[i]
            if byte == ASCII.quote {
                guard let end = Self.quickString(p, n, i) else { return false }
                i = end
            } else if byte == ASCII.openBrace || byte == ASCII.openBracket {
                guard level < room else { return false }  // (an empty container counts too)
                i &+= 1
                if !compact { while i < n, ASCII.isWhitespace(p[i]) { i &+= 1 } }
                guard i < n else { return false }
                let isBrace = byte == ASCII.openBrace
                if p[i] == (isBrace ? ASCII.closeBrace : ASCII.closeBracket) {
                    i &+= 1  // empty: the level is left as it was
                } else {
                    level &+= 1
                    inObject = isBrace
                    if isBrace {
                        objects |= 1 << UInt64(level - 1)
                        guard let after = Self.quickKey(p, n, i, level, name, &valueStart, compact: compact) else {
                            return false
                        }
                        i = after
                    } else {
                        objects &= ~(1 << UInt64(level - 1))
                    }
                    continue nextValue
                }
            } else if let end = Self.quickScalar(p, n, i) {
                i = end
            } else {
                return false
            }
            // After a value: a comma starts the next one; closing brackets end their containers.
            while level > 0 {
                if level == 1, valueStart >= 0 {
                    found = valueStart..<i
                    valueStart = -1
                }
                if !compact { while i < n, ASCII.isWhitespace(p[i]) { i &+= 1 } }
                guard i < n else { return false }
                let next = p[i]
                if next == ASCII.comma {
                    i &+= 1
                    if !compact { while i < n, ASCII.isWhitespace(p[i]) { i &+= 1 } }
                    if inObject {
                        guard let after = Self.quickKey(p, n, i, level, name, &valueStart, compact: compact) else {
                            return false
                        }
                        i = after
                    }
                    continue nextValue
                }
                guard next == (inObject ? ASCII.closeBrace : ASCII.closeBracket) else { return false }
                i &+= 1
                level &-= 1
                inObject = level > 0 && (objects &>> UInt64(truncatingIfNeeded: level &- 1)) & 1 == 1
            }
            index = i
            return true
        }
    }

    /// `"key" :` and the whitespace after it (none when `compact`), from `start`; the index after, or nil (as `quickKeyName` says, at
    /// `level` 1 with a `name` to find). There `valueStart` becomes the index after when the key is `name`.
    @_transparent
    static func quickKey(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ level: Int, _ name: UnsafeBufferPointer<UInt8>?,
        _ valueStart: inout Int, compact: Bool
    ) -> Int? {
        guard start < n, p[start] == ASCII.quote else { return nil }
        var isName = false
        var i: Int
        if let name, level == 1 {
            guard let (end, matches) = quickKeyName(p, n, start, name) else { return nil }
            i = end
            isName = matches
        } else {
            guard let end = quickString(p, n, start) else { return nil }
            i = end
        }
        if !compact { while i < n, ASCII.isWhitespace(p[i]) { i &+= 1 } }
        guard i < n, p[i] == ASCII.colon else { return nil }
        i &+= 1
        if !compact { while i < n, ASCII.isWhitespace(p[i]) { i &+= 1 } }
        if isName { valueStart = i }
        return i
    }

    /// The index after the key whose opening quote is at `start`, and whether it is `name`; nil when the key is
    /// not valid, or has an escape and is longer than `name` (decoded, it could be it: an escape is longer than
    /// what it stands for).
    @_transparent
    static func quickKeyName(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ name: UnsafeBufferPointer<UInt8>
    ) -> (end: Int, isName: Bool)? {
        var escaped = false
        guard let end = quickString(p, n, start, &escaped) else { return nil }
        let length = end - start - 2
        if escaped { return length <= name.count ? (end, false) : nil }
        guard length == name.count else { return (end, false) }
        var k = 0
        while k < length, p[start + 1 + k] == name[k] { k &+= 1 }
        return (end, k == length)
    }

    /// The index after the string whose opening quote is at `start`, or nil when it is not valid (or has a `\u`
    /// surrogate, which the careful path checks).
    @_transparent
    static func quickString(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        var escaped = false
        return quickString(p, n, start, &escaped)
    }

    /// `quickString`, setting `escaped` when the string has an escape.
    @_transparent
    static func quickString(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ escaped: inout Bool) -> Int? {
        var i = start + 1
        while true {
            // Straight to the first byte that needs a look.
            let run = plainRun(p, n, i)
            i &+= run.count
            if run.all { continue }
            guard i < n else { return nil }
            let byte = p[i]
            if byte == ASCII.quote { return i + 1 }
            if byte == ASCII.backslash {
                escaped = true
                guard let end = quickEscape(p, n, i) else { return nil }
                i = end
            } else if byte < ASCII.firstPrintable {
                return nil
            } else if byte >= ASCII.firstNonASCII {
                guard let end = quickSequence(p, n, i) else { return nil }
                i = end
            } else {
                i &+= 1
            }
        }
    }

    /// How many plain string bytes (no quote, backslash, control byte or byte from 0x80) start at `i`, looking at
    /// the sixteen bytes there (eight where SSE2 is not there, or where fewer than sixteen are left): `all` when all
    /// of them are plain; none when fewer than eight are left.
    @_transparent
    static func plainRun(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> (count: Int, all: Bool) {
        #if arch(x86_64)
            if i &+ 16 <= n {
                let stops = cjsonscan_string_stops16(p + i)
                return stops == 0 ? (16, true) : (stops.trailingZeroBitCount, false)
            }
        #endif
        guard i &+ 8 <= n else { return (0, false) }
        let special = specialBytes(UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)))
        return special == 0 ? (8, true) : (special.trailingZeroBitCount &>> 3, false)
    }

    /// The index after the escape whose backslash is at `start`, or nil when it is not valid (or is a `\u`
    /// surrogate, which the careful path checks).
    @_transparent
    static func quickEscape(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        guard start + 1 < n else { return nil }
        let letter = p[start + 1]
        guard letter == ASCII.lowerU else { return JSONEscapes.decodedSimpleEscape(letter) == nil ? nil : start + 2 }
        guard start + 6 <= n else { return nil }
        var unit: UInt32 = 0
        for k in 2..<6 {
            guard let digit = ASCII.hexValue(p[start + k]) else { return nil }
            unit = unit << 4 | digit
        }
        guard unit < 0xD800 || unit > 0xDFFF else { return nil }
        return start + 6
    }

    /// The index after the UTF-8 sequence whose lead byte (not ASCII) is at `start`, or nil when it is not valid.
    @_transparent
    static func quickSequence(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        guard let lead = UTF8Lead(p[start]), start + lead.continuationCount < n else { return nil }
        let first = p[start + 1]
        guard first >= lead.firstLow, first <= lead.firstHigh else { return nil }
        var k = 2
        while k <= lead.continuationCount {
            guard p[start + k] & 0xC0 == 0x80 else { return nil }
            k &+= 1
        }
        return start + 1 + lead.continuationCount
    }

    /// The index after the number, `true`, `false` or `null` at `start`, or nil when there is none.
    @_transparent
    static func quickScalar(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        let byte = p[start]
        if byte == ASCII.minus || ASCII.isDigit(byte) { return quickNumber(p, n, start) }
        if byte == ASCII.lowerT {
            guard start &+ 4 <= n, p[start &+ 1] == ASCII.lowerR, p[start &+ 2] == ASCII.lowerU,
                p[start &+ 3] == ASCII.lowerE
            else { return nil }
            return start &+ 4
        }
        if byte == ASCII.lowerN {
            guard start &+ 4 <= n, p[start &+ 1] == ASCII.lowerU, p[start &+ 2] == ASCII.lowerL,
                p[start &+ 3] == ASCII.lowerL
            else { return nil }
            return start &+ 4
        }
        guard byte == ASCII.lowerF, start &+ 5 <= n, p[start &+ 1] == ASCII.lowerA, p[start &+ 2] == ASCII.lowerL,
            p[start &+ 3] == ASCII.lowerS, p[start &+ 4] == ASCII.lowerE
        else { return nil }
        return start &+ 5
    }

    /// The index after the number at `start`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, or nil.
    @_transparent
    static func quickNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int? {
        var i = start
        if p[i] == ASCII.minus { i &+= 1 }
        guard i < n, ASCII.isDigit(p[i]) else { return nil }
        if p[i] == ASCII.zero {
            i &+= 1
            if i < n, ASCII.isDigit(p[i]) { return nil }
        } else {
            i = quickDigits(p, n, i + 1)
        }
        if i < n, p[i] == ASCII.period {
            i &+= 1
            guard i < n, ASCII.isDigit(p[i]) else { return nil }
            i = quickDigits(p, n, i + 1)
        }
        if i < n, p[i] | 0x20 == ASCII.lowerE {
            i &+= 1
            if i < n, p[i] == ASCII.plus || p[i] == ASCII.minus { i &+= 1 }
            guard i < n, ASCII.isDigit(p[i]) else { return nil }
            i = quickDigits(p, n, i + 1)
        }
        return i
    }

    /// The index of the first byte at or after `start` that is not a digit (or `n`), eight bytes at a time.
    @_transparent
    static func quickDigits(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int) -> Int {
        var i = start
        while i &+ 8 <= n {
            let others = nonDigits(UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)))
            if others != 0 { return i &+ others.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < n, ASCII.isDigit(p[i]) { i &+= 1 }
        return i
    }

    /// The high bit of each byte of `word` that is not an ASCII digit: the low seven bits of a byte plus 0x46 reach
    /// 0x80 from 0x3A on, plus 0x50 from 0x30 on, and never carry into the next byte; a high bit set is not ASCII.
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low = word & ~high
        let aboveNine = low &+ 0x4646_4646_4646_4646
        let fromZero = low &+ 0x5050_5050_5050_5050
        return (aboveNine | ~fromZero | word) & high
    }
}
