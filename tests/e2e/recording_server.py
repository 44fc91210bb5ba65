"""A small HTTP server for the client's end-to-end tests: it records the headers of every request it gets and
serves pages that link to another origin, redirects, gzip bombs and long lines, and counts uploaded bytes without
keeping them.
"""
import gzip
import http.server
import json
import threading
import urllib.parse


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """An HTTP/1.1 handler that logs nothing and answers with a Content-Length."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Recorder(QuietHandler):

    def _count_body(self):
        """Reads the request body (Content-Length or chunked) in chunks; returns its size."""
        total = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return total
                left = size
                while left:
                    left -= len(self.rfile.read(min(left, 1 << 20)))
                self.rfile.readline()
                total += size
        left = int(self.headers.get("Content-Length", "0"))
        while left:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)
            total += len(chunk)
        return total

    def _handle(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        size = self._count_body()
        self.server.requests.append({"path": url.path, "target": self.path, "headers": dict(self.headers.items()), "body_bytes": size})
        if url.path == "/pages":
            headers = [("Content-Type", "application/json")]
            body = {"page": query.get("n", "1")}
            if "next" in query:
                headers.append(("Link", f'<{query["next"]}>; rel="next"'))
                body["next_url"] = query["next"]
            self.reply(200, json.dumps([body]).encode(), headers)
        elif url.path == "/redirect":
            self.reply(int(query.get("status", "302")), b"", [("Location", query["to"])])
        elif url.path == "/busy":
            busy = len([r for r in self.server.requests if r["target"] == self.path]) <= int(query.get("times", "1"))
            if busy:
                self.reply(503, b'{"error":"busy"}', [("Retry-After", "0"), ("Content-Type", "application/json")])
            else:
                self.reply(200, json.dumps({"received": size}).encode(), [("Content-Type", "application/json")])
        elif url.path == "/bomb":
            self.reply(200, self.server.bomb, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        elif url.path == "/long-line":
            self.reply(200, b"x" * int(query["bytes"]), [("Content-Type", "application/x-ndjson")])
        elif url.path == "/json":
            headers = [("Content-Type", "application/json")]
            if "next" in query:
                headers.append(("Link", f'<{query["next"]}>; rel="next"'))
            self.reply(200, b'{"b":1,"a":[' + b"0," * int(query.get("items", "1")) + b"0]}", headers)
        else:
            self.reply(200, json.dumps({"received": size}).encode(), [("Content-Type", "application/json")])

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class RecordingServer:
    """A threaded recorder on 127.0.0.1 and a free port; `requests` lists what it got."""

    def __init__(self, bomb_bytes=0):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        self.server.requests = []
        self.server.handle_error = lambda request, address: None  # a client that stops reading is expected here
        self.server.bomb = gzip.compress(b"[" + b" " * bomb_bytes + b"]", compresslevel=9) if bomb_bytes else b""
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self):
        return self.server.requests

    def headers(self, path):
        """The headers (names lower-cased) of each request to `path`."""
        return [{k.lower(): v for k, v in r["headers"].items()} for r in self.requests if r["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
