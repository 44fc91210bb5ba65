"""End-to-end tests of the mock server's connections (issue 8): the Host check, malformed request heads, shutdown
during a delay, running out of descriptors, idle connections, clients that hang up, streamed static files.
The real binary, talked to with curl and raw sockets; signals are sent to the real process."""
import json
import os
import resource
import signal
import socket
import subprocess
import time

import pytest

from conftest import wait_until
from test_serve import DEMO, curl, server, start  # noqa: F401 - server is a fixture

# About connections, not data: the file store only (the route tests run on both stores).
pytestmark = pytest.mark.file_only


def raw_exchange(url: str, data: bytes, timeout: float = 10) -> bytes:
    """Sends raw bytes on a new connection and reads until the server closes it (or `timeout`)."""
    host, port = url.rsplit("//", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(data)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            received += chunk
        return received


def connect(url: str, timeout: float = 10) -> socket.socket:
    host, port = url.rsplit("//", 1)[1].rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=timeout)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/PID/stat."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_has(server, text: str):
    return text in server.stderr()


# ------------------------------------------------------------------------------------------- Host (DNS rebinding)


@pytest.mark.parametrize("host", [
    "localhost", "LOCALHOST:3000", "localhost.", "app.localhost:8080", "127.0.0.1", "127.0.0.1:1", "127.9.8.7:80",
    "[::1]", "[::1]:3000",
])
def test_loopback_host_names_are_answered(server, host):
    for path in ["/users", "/users/1", "/users/1"]:  # the second /users/1 is answered by the fast path
        reply = server.curl(path, headers=[f"Host: {host}"])
        assert reply.status == 200, (host, path, reply)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:3000", "127.0.0.1.evil.example", "localhost.evil",
                                  "[::2]:3000", "1.2.3.4", "localhost:port"])
def test_other_host_names_are_misdirected_on_loopback(server, host):
    assert server.curl("/users/1").status == 200
    assert server.curl("/users/1").status == 200  # now published for the fast path
    for path in ["/users", "/users/1", "/db", "/"]:
        reply = server.curl(path, headers=[f"Host: {host}"])
        assert reply.status == 421, (host, path, reply)
        assert reply.header("Content-Type") == "application/json; charset=utf-8"
        assert "misdirected request" in reply.json["error"] and host in reply.json["error"], reply


def test_host_check_with_delay_and_own_host_name(tmp_path, api_bin):
    running = start(tmp_path, "--host", "localhost", "--delay", "1")
    try:
        assert running.curl("/users/1", headers=["Host: evil.example"]).status == 421
        assert running.curl("/users/1", headers=["Host: localhost:1234"]).status == 200
    finally:
        running.stop()


def test_any_host_is_answered_beyond_loopback(tmp_path, api_bin):
    running = start(tmp_path, "--host", "0.0.0.0")
    try:
        url = running.url.replace("0.0.0.0", "127.0.0.1")
        assert curl(url + "/users/1", headers=["Host: evil.example"]).status == 200
    finally:
        running.stop()


# -------------------------------------------------------------------------------------- malformed request heads


@pytest.mark.parametrize("request_bytes", [
    b"GET /users HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n",
    b"GET /users HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n",
    b"\x00\x01\x02 nonsense\r\n\r\n",
])
def test_malformed_request_head_is_a_json_400(server, request_bytes):
    response = raw_exchange(server.url, request_bytes)
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith("HTTP/1.1 400"), response
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert json.loads(body)["error"].startswith("malformed request: "), body
    assert server.curl("/users/1").status == 200


# ------------------------------------------------------------------------------------------ shutdown and delays


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("delay_args, path", [((), "/users?_delay=600000"), (("--delay", "600000"), "/users")])
def test_shutdown_cuts_delays_short_and_writes_what_is_pending(tmp_path, api_bin, sig, delay_args, path):
    running = start(tmp_path, *delay_args)
    try:
        assert running.curl("/users?_delay=0", method="POST", body={"name": "pending"}).status == 201
        waiting = connect(running.url)
        waiting.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        # The delayed request is in: a later request on another connection is answered (with `--delay` too).
        assert running.curl("/users/1?_delay=0").status == 200
        running.process.send_signal(sig)
        assert running.process.wait(timeout=5) == 0, running.stderr()
        waiting.close()
        assert running.file()["users"][-1] == {"id": 4, "name": "pending"}
    finally:
        running.stop()


def test_shutdown_cancels_what_outlasts_the_grace_period(tmp_path, api_bin):
    site = tmp_path / "site"
    site.mkdir()
    with open(site / "big.bin", "wb") as big:
        big.truncate(256 * 1024 * 1024)
    running = start(tmp_path, "--static", str(site))
    try:
        reader = connect(running.url)
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        reader.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert reader.recv(12) == b"HTTP/1.1 200"  # the download has started; nobody reads the rest
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(timeout=8) == 0, running.stderr()
        assert "cannot listen" not in running.stderr()
        reader.close()
    finally:
        running.stop()


@pytest.mark.parametrize("value", ["9223372036854775807", "3600001", "-1", "1e3", "99999999999999999999999"])
def test_delay_parameter_out_of_range_is_400(server, value):
    reply = server.curl(f"/users?_delay={value}")
    assert reply.status == 400
    assert "_delay" in reply.json["error"] and value in reply.json["error"]
    assert server.curl("/users?_delay=1").status == 200


@pytest.mark.parametrize("value", ["9223372036854775807", "3600001", "-5", "soon"])
def test_delay_option_out_of_range_is_a_usage_error(tmp_path, api_bin, value):
    from conftest import run_api
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--port", "0", "--delay", value)
    assert result.returncode == 2
    assert b"--delay" in result.stderr


# ----------------------------------------------------------------------------------------- clients that hang up


def test_a_request_whose_client_hangs_up_stops(server):
    client = connect(server.url)
    client.sendall(b"GET /users?_delay=600000 HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert server.curl("/users/1").status == 200  # the delayed request has been read
    client.close()
    wait_until(lambda: log_has(server, "GET /users?_delay=600000 499 "), "the delayed request stopping", timeout=10)


def test_a_write_whose_client_hangs_up_during_its_delay_is_not_made(server):
    client = connect(server.url)
    body = b'{"name": "never"}'
    client.sendall(b"POST /users?_delay=600000 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    assert server.curl("/users/1").status == 200
    client.close()
    wait_until(lambda: log_has(server, "POST /users?_delay=600000 499 "), "the delayed write stopping", timeout=10)
    assert all(user.get("name") != "never" for user in server.curl("/users").json)


# ------------------------------------------------------------------------------- descriptors and idle connections


def test_out_of_descriptors_backs_off_and_recovers(tmp_path, api_bin):
    def limit_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    (tmp_path / "db.json").write_text(json.dumps(DEMO))
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [api_bin, "serve", "--mock", str(tmp_path / "db.json"), "--port", "0", "--ready-file", str(ready), "--quiet"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit_descriptors)
    held = []
    try:
        url = wait_until(lambda: ready.exists() and ready.read_text().strip(), "api serve")
        for _ in range(100):
            held.append(connect(url))
        # Connections beyond the limit wait in the backlog; the server must not spin on accept meanwhile.
        before = cpu_seconds(process.pid)
        started = time.monotonic()
        for _ in range(20):
            try:
                connect(url, timeout=0.1).close()
            except OSError:
                pass
        wait_until(lambda: time.monotonic() - started >= 3, "three seconds of exhausted descriptors")
        used = cpu_seconds(process.pid) - before
        elapsed = time.monotonic() - started
        # Spinning costs a whole core on a quiet machine (a tenth of one on a machine loaded 10x); waiting, ~0.
        assert used < 0.05 * elapsed, f"the server used {used:.2f}s of CPU in {elapsed:.2f}s: it spins"
        for connection in held:
            connection.close()
        held = []
        wait_until(lambda: curl(url + "/users/1").status == 200, "the server serving again", timeout=30)
    finally:
        for connection in held:
            connection.close()
        process.terminate()
        process.wait(timeout=10)


def test_idle_connection_and_unfinished_head_are_closed(tmp_path, api_bin):
    running = start(tmp_path, "--idle-timeout", "0.5")
    try:
        idle = connect(running.url)
        partial = connect(running.url)
        partial.sendall(b"GET /users HTTP/1.1\r\nHost: local")
        for connection in (idle, partial):
            connection.settimeout(20)
            assert connection.recv(1) == b"", "the server should close the connection"
            connection.close()
    finally:
        running.stop()


def test_idle_timeout_spares_busy_connections(tmp_path, api_bin):
    running = start(tmp_path, "--idle-timeout", "0.5")
    try:
        # A request being answered is not cut however long it takes.
        assert running.curl("/users?_delay=1500").status == 200
        # A keep-alive connection that keeps asking stays open past the timeout (fast path and routes alike).
        connection = connect(running.url)
        started = time.monotonic()
        answered = 0
        while time.monotonic() - started < 1.5:
            for path in ("/users/1", "/users?name=Ada"):
                connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
                received = b""
                while b"\r\n\r\n" not in received or not received.rstrip().endswith((b"}", b"]")):
                    chunk = connection.recv(65536)
                    assert chunk, f"closed after {answered} requests"
                    received += chunk
                answered += 1
        connection.close()
    finally:
        running.stop()


@pytest.mark.parametrize("value", ["0", "-1", "soon", "1e9", "nan"])
def test_idle_timeout_option_is_range_checked(tmp_path, api_bin, value):
    from conftest import run_api
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--port", "0", "--idle-timeout", value)
    assert result.returncode == 2
    assert b"--idle-timeout" in result.stderr


# ---------------------------------------------------------------------------------------------- pipelining


def test_pipelined_responses_come_in_request_order(server):
    assert server.curl("/users/2").status == 200  # published: the fast path can answer it
    requests = (b"GET /users?_delay=200 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                b"GET /users/2 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                b"GET /users/3 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    response = raw_exchange(server.url, requests)
    first = response.index(b"HTTP/1.1 200")
    second = response.index(b"HTTP/1.1 200", first + 1)
    third = response.index(b"HTTP/1.1 200", second + 1)
    assert b'"Ada"' in response[first:second], response
    assert b'"Grace"' in response[second:third] and b'"Ada"' not in response[second:third], response
    assert b'"Alan"' in response[third:], response


# --------------------------------------------------------------------------------------------- static files


def rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_static_ranges_and_head(tmp_path, api_bin):
    site = tmp_path / "site"
    site.mkdir()
    data = bytes(range(256)) * 40  # 10240 bytes
    (site / "data.bin").write_bytes(data)
    (site / "empty.txt").write_bytes(b"")
    running = start(tmp_path, "--static", str(site))
    try:
        whole = running.curl("/data.bin")
        assert whole.status == 200 and whole.body == data
        assert whole.header("Accept-Ranges") == "bytes"
        assert whole.header("Content-Length") == "10240"
        for spec, expected in [("0-99", data[:100]), ("10000-", data[10000:]), ("-100", data[-100:]),
                               ("10200-99999999999999999999999", data[10200:]), ("5-5", data[5:6])]:
            part = running.curl("/data.bin", "-r", spec)
            assert part.status == 206, spec
            assert part.body == expected, spec
            first = 10240 - len(expected) if spec.startswith("-") else int(spec.split("-")[0])
            assert part.header("Content-Range") == f"bytes {first}-{first + len(expected) - 1}/10240", spec
        for spec in ["10240-", "99999-100000", "-0"]:
            refused = running.curl("/data.bin", "-H", f"Range: bytes={spec}")
            assert refused.status == 416, spec
            assert refused.header("Content-Range") == "bytes */10240"
            assert "Range" in refused.json["error"]
        for header in ["Range: bytes=5-1", "Range: items=0-5", "Range: bytes=0-1,5-6"]:
            ignored = running.curl("/data.bin", "-H", header)
            assert ignored.status == 200 and ignored.body == data, header
        head = running.curl("/data.bin", "-I")
        assert head.status == 200 and head.header("Content-Length") == "10240" and head.body == b""
        empty = running.curl("/empty.txt")
        assert empty.status == 200 and empty.body == b""
        with_curl = subprocess.run(["curl", "-sS", "-r", "100-199", running.url + "/data.bin"], capture_output=True)
        assert with_curl.stdout == data[100:200]
    finally:
        running.stop()


def test_large_static_file_is_streamed_with_flat_memory(tmp_path, api_bin):
    site = tmp_path / "site"
    site.mkdir()
    size = 512 * 1024 * 1024
    with open(site / "big.bin", "wb") as big:
        big.truncate(size)  # sparse: no disk used
        big.seek(size - 5)
        big.write(b"tail!")
    running = start(tmp_path, "--static", str(site), "--quiet")
    try:
        before = rss_kib(running.process.pid)
        result = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                                 running.url + "/big.bin"], capture_output=True, timeout=120)
        assert result.stdout.decode() == f"200 {size}", result.stderr
        grown = rss_kib(running.process.pid) - before
        assert grown < 64 * 1024, f"RSS grew by {grown} KiB to send a {size // 1024} KiB file"
        assert running.curl("/big.bin", "-r", f"{size - 5}-").body == b"tail!"
    finally:
        running.stop()
