/// A request item that cannot be used: bad syntax, unreadable file, invalid JSON, conflicting nested paths.
public struct RequestItemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The item as given on the command line.
    public let item: String
    /// The item's position among the command-line arguments.
    public let index: Int
    /// Where the problem is: a 0-based character (grapheme) offset into `item`; `item.count` means "at its end".
    public let column: Int
    /// What is wrong, in lower case, without the item (e.g. `cannot read 'x.json': no such file or directory`).
    public let message: String

    public init(item: String, index: Int, column: Int, message: String) {
        self.item = item
        self.index = index
        self.column = column
        self.message = message
    }

    /// One line: `item 'age:=3x': invalid JSON after ':=': unexpected character 'x' at column 6`.
    /// Line breaks inside the item are shown as `\n` to keep it on one line.
    public var description: String {
        let shown = item.contains(where: \.isNewline) ? item.map { $0.isNewline ? "\\n" : String($0) }.joined() : item
        return "item '\(shown)': \(message)"
    }

    /// Two lines, the item and a caret under the bad column:
    /// ```
    /// a[b=1
    ///    ^
    /// ```
    /// An item that spans several lines (a multi-line `:=` value) shows only the line holding the column.
    /// Columns count Unicode scalars (as `ItemSplit` does); a combining mark takes no room under its base.
    public var caretLines: String {
        let characters = Array(item.unicodeScalars)
        let target = min(max(column, 0), characters.count)
        var lineStart = target
        while lineStart > 0, characters[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = target
        while lineEnd < characters.count, characters[lineEnd] != "\n" { lineEnd += 1 }
        let pad = characters[lineStart..<target].map { scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: ""
            default: scalar == "\t" ? "\t" : " "
            }
        }.joined()
        var line = String.UnicodeScalarView()
        line.append(contentsOf: characters[lineStart..<lineEnd])
        return String(line) + "\n" + pad + "^"
    }
}
