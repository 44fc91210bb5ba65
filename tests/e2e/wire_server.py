"""A server that keeps the exact bytes of every request it gets (head and body, as sent), for tests of what goes
on the wire. It answers each request with `200 {}` and closes the connection.
"""
import socket
import threading


def request_complete(data: bytes) -> bool:
    """Whether `data` holds a whole HTTP/1.1 request: the head, then Content-Length bytes or a whole chunked body."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    head = data[:end].decode("latin-1").lower().split("\r\n")[1:]
    body = data[end + 4:]
    fields = dict(line.split(":", 1) for line in head if ":" in line)
    if "chunked" in fields.get("transfer-encoding", ""):
        return body.endswith(b"0\r\n\r\n")
    return len(body) >= int(fields.get("content-length", "0").strip() or 0)


class WireServer:
    """Listens on 127.0.0.1 and a free port; `requests` lists the raw bytes of each request, in arrival order."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                data = b""
                while not request_complete(data):
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                self.requests.append(data)
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                )

    def close(self):
        self.socket.close()
