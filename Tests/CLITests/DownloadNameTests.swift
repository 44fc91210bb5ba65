import Client
import Testing

@testable import CLI

@Suite struct DownloadNameTests {
    static let rows: [(String?, String, String?, String)] = [
        (#"attachment; filename="report.csv""#, "http://x/a", nil, "report.csv"),
        ("attachment; filename=../../etc/passwd", "http://x/a", nil, "passwd"),
        ("attachment; filename*=UTF-8''na%C3%AFve.txt", "http://x/a", nil, "naïve.txt"),
        (nil, "http://x/files/data.json?x=1", "application/json", "data.json"),
        (nil, "http://x/users", "application/json", "users.json"),
        (nil, "http://x/", "text/html", "index.html"),
        (nil, "http://x/bytes/1024", "application/octet-stream", "1024"),
        (nil, "http://x/.hidden", nil, "hidden"),
        // Names the server offers that are refused (the URL's name is used): control characters, "..".
        ("attachment; filename=\"\u{1B}]0;pwned\u{7}x.txt\"", "http://x/a", nil, "a"),
        ("attachment; filename=\"x\r\ny.txt\"", "http://x/a", nil, "a"),
        ("attachment; filename*=UTF-8''x%1B%5B2Jy.txt", "http://x/a", nil, "a"),
        ("attachment; filename*=UTF-8''x%C2%9By.txt", "http://x/a", nil, "a"),
        ("attachment; filename=\"a..b\"", "http://x/a", nil, "a"),
        ("attachment; filename=\"..\"", "http://x/a", nil, "a"),
        ("attachment; filename=\"...bashrc\"", "http://x/a", nil, "bashrc"),
        ("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", "http://x/a", nil, "passwd"),
        (nil, "http://x/files/%1B%5B2J", nil, "index"),
        // An escape that is not one is kept (it used to lose the two characters after the '%').
        (nil, "http://x/files/100%zz.txt", nil, "100%zz.txt"),
        (nil, "http://x/a/b/../c.txt", nil, "c.txt"),
    ]

    @Test(arguments: rows)
    func choosesName(_ disposition: String?, _ url: String, _ type: String?, _ expected: String) throws {
        let path = try RequestURL(parsing: url).path  // the request's URL, parsed and normalised
        #expect(DownloadName.choose(contentDisposition: disposition, path: path, mediaType: type) == expected)
    }

    @Test func unusedNameCountsUp() {
        let taken: Set<String> = ["a.json", "a.json-1"]
        #expect(DownloadName.unused("a.json") { taken.contains($0) } == "a.json-2")
        #expect(DownloadName.unused("b.json") { taken.contains($0) } == "b.json")
    }

    @Test func progressLine() {
        #expect(
            ProgressBar.line(total: 1000, received: 500, offset: 0, elapsed: 1).hasPrefix(
                "[############            ] 50% 500 B / 1.0 kB"))
        #expect(ProgressBar.line(total: 0, received: 2_500_000, offset: 0, elapsed: 1) == "2.5 MB  2.5 MB/s")
        // A Content-Length near Int.max (plus the resumed part) must not trap.
        #expect(ProgressBar.line(total: Int.max, received: 1, offset: 3, elapsed: 1).contains("0% 4 B / 9223372.0 TB"))
        #expect(
            ProgressBar.line(total: Int.max - 1, received: 1, offset: 0, elapsed: 10).contains("1000000000000s left"))
    }

    @Test func redactsPasswordsInURLs() {
        #expect(redacted("https://bob:hunter2@api.test/x") == "https://bob:***@api.test/x")
        #expect(redacted("https://api.test/x?a=b@c") == "https://api.test/x?a=b@c")
        #expect(redacted("https://ann@api.test/x") == "https://ann@api.test/x")
        #expect(redacted("ann:pw@api.test/x") == "ann:***@api.test/x")
        #expect(redacted("http://a:b:c@api.test") == "http://a:***@api.test")
    }
}
