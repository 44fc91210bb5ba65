/// A request item split at its separator, with backslash escapes of separator characters resolved.
///
/// Follows HTTPie's `KeyValueArgType`: `\` before one of `: ; @ =` makes that character literal (it can then not
/// be part of a separator); `\` before any other character is kept with it, so `\[` reaches the nested-path reader
/// unchanged and `\\` stays two backslashes.
///
/// The item is read as Unicode scalars, not grapheme clusters: `=` followed by a combining mark (U+0301) is still
/// the separator, as in HTTPie. Columns count scalars.
struct ItemSplit {
    /// One scalar of the item after escape resolution, and the columns of the item it was written at.
    struct ItemCharacter {
        let character: Unicode.Scalar
        let escaped: Bool
        let columns: Range<Int>
    }

    let separator: RequestItemSeparator
    let keyCharacters: [ItemCharacter]
    let valueCharacters: [ItemCharacter]
    /// The column where the value starts (right after the separator).
    let valueStart: Int

    var key: String { Self.string(keyCharacters) }
    var value: String { Self.string(valueCharacters) }

    private static func string(_ characters: [ItemCharacter]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: characters.map(\.character))
        return String(scalars)
    }

    /// nil when the item has no unescaped separator.
    init?(_ text: String) {
        let characters = Self.resolveEscapes(Array(text.unicodeScalars))
        for start in characters.indices {
            for separator in RequestItemSeparator.longestFirst
            where Self.matches(separator, in: characters, at: start) {
                let end = start + separator.rawValue.count
                self.separator = separator
                keyCharacters = Array(characters[..<start])
                valueCharacters = Array(characters[end...])
                valueStart = characters[end - 1].columns.upperBound
                return
            }
        }
        return nil
    }

    /// The column of the value character holding UTF-8 byte `offset` of `value`; past the end, the item's end.
    func valueColumn(atUTF8Offset offset: Int) -> Int {
        var consumed = 0
        for character in valueCharacters {
            consumed += UTF8.width(character.character)
            if offset < consumed { return character.columns.lowerBound }
        }
        return valueCharacters.last?.columns.upperBound ?? valueStart
    }

    private static func matches(_ separator: RequestItemSeparator, in characters: [ItemCharacter], at start: Int)
        -> Bool
    {
        let pattern = Array(separator.rawValue.unicodeScalars)
        guard start + pattern.count <= characters.count else { return false }
        for (offset, expected) in pattern.enumerated() {
            let candidate = characters[start + offset]
            if candidate.escaped || candidate.character != expected { return false }
        }
        return true
    }

    private static func resolveEscapes(_ text: [Unicode.Scalar]) -> [ItemCharacter] {
        var out: [ItemCharacter] = []
        out.reserveCapacity(text.count)
        var position = 0
        while position < text.count {
            let character = text[position]
            if character == "\\", position + 1 < text.count {
                let next = text[position + 1]
                if RequestItemSeparator.specialCharacters.contains(next) {
                    out.append(ItemCharacter(character: next, escaped: true, columns: position..<position + 2))
                } else {
                    out.append(ItemCharacter(character: character, escaped: false, columns: position..<position + 1))
                    out.append(ItemCharacter(character: next, escaped: false, columns: position + 1..<position + 2))
                }
                position += 2
            } else {
                out.append(ItemCharacter(character: character, escaped: false, columns: position..<position + 1))
                position += 1
            }
        }
        return out
    }
}
