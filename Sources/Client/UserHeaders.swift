extension Request {
    /// Applies the headers the user gave (`-H` and `Name:Value` items, in that order), as HTTPie does: the first
    /// value of a name replaces a default or profile header of that name in place; every later value of the same
    /// name is sent too, after the earlier ones (`X-A:1 X-A:2` sends both). `Name:` (a nil value) removes every
    /// header of that name, including those libcurl would add; a later value of the name adds it back.
    public mutating func addUserHeaders(_ fields: [HeaderField]) {
        var given = Set<String>()
        for field in fields {
            let lower = field.name.lowercased()
            guard field.value != nil else {
                headers.removeAll { $0.name.lowercased() == lower }
                headers.append(field)
                given.insert(lower)
                continue
            }
            if !given.contains(lower) {
                setHeader(field.name, field.value)
                given.insert(lower)
            } else if let removed = headers.firstIndex(where: { $0.name.lowercased() == lower && $0.value == nil }) {
                headers[removed] = field
            } else if let last = headers.lastIndex(where: { $0.name.lowercased() == lower }) {
                headers.insert(field, at: last + 1)
            } else {
                headers.append(field)
            }
        }
    }
}
