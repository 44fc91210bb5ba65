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
    ]

    @Test(arguments: rows)
    func choosesName(_ disposition: String?, _ url: String, _ type: String?, _ expected: String) {
        #expect(DownloadName.choose(contentDisposition: disposition, url: url, mediaType: type) == expected)
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
    }

    @Test func redactsPasswordsInURLs() {
        #expect(redacted("https://bob:hunter2@api.test/x") == "https://bob:***@api.test/x")
        #expect(redacted("https://api.test/x?a=b@c") == "https://api.test/x?a=b@c")
    }
}
