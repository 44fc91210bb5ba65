import Client
import Testing

@Suite struct URLEncodingTests {
    static let rows: [(String, String, String)] = [
        // text, query component, form component
        ("abcXYZ019-._~", "abcXYZ019-._~", "abcXYZ019-._~"),
        ("a b", "a%20b", "a+b"),
        ("a+b", "a%2Bb", "a%2Bb"),
        ("a&b=c", "a%26b%3Dc", "a%26b%3Dc"),
        (
            "/?#[]@!$'()*,;:", "%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A",
            "%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A"
        ),
        ("%", "%25", "%25"),
        ("é", "%C3%A9", "%C3%A9"),
        ("😀", "%F0%9F%98%80", "%F0%9F%98%80"),
        ("", "", ""),
        ("line\n", "line%0A", "line%0A"),
    ]

    @Test(arguments: rows)
    func encodes(text: String, query: String, form: String) {
        #expect(urlEncodeQueryComponent(text) == query)
        #expect(formURLEncode(text) == form)
    }

    @Test func encodesFormBody() {
        #expect(formURLEncodedBody([("name", "a b"), ("x", "1&2")]) == "name=a+b&x=1%262")
        #expect(formURLEncodedBody([]) == "")
    }
}
