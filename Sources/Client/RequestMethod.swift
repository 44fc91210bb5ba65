/// Request methods beyond the seven commands (`api PROPFIND url`, `api MKCOL url`), as HTTPie and curl send them.
public enum RequestMethod {
    /// An upper-case HTTP token (RFC 9110 `tchar`s) starting with a letter: `PROPFIND`, `MKCOL`, `M-SEARCH`.
    /// Lower-case words stay commands, so that a typo such as `gte` is answered with a suggestion rather than sent.
    public static func isExtensionMethod(_ word: String) -> Bool {
        guard let first = word.utf8.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
            return false
        }
        return word.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
