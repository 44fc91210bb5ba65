extension StringProtocol {
    /// Without the characters of `set` around it: `"  a b\t".trimmingCharacters(in: " \t")` is `"a b"`.
    public func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }

    /// Without the spaces and tabs around it.
    public func trimmingBlanks() -> String { trimmingCharacters(in: " \t") }
}
