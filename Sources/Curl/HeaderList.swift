import CCurl
import CLibCurl

/// An owned `curl_slist` of header lines; freed with the list.
public final class HeaderList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    public init(_ lines: [String] = []) {
        for line in lines { append(line) }
    }

    public func append(_ line: String) {
        raw = curl_slist_append(raw, line)
    }

    deinit { curl_slist_free_all(raw) }
}
