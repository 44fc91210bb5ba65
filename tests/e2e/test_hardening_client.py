"""The client against a hostile server (a scripted Python HTTP server): huge Retry-After values, ESC sequences in
headers and bodies, Content-Disposition names that differ from the resumed file; and header injection from the
command line and the environment. Nothing may crash (exit 132/133), hang, write another file, or reach the network.
"""
import json
import os
import shutil
import subprocess
import threading
from http.server import ThreadingHTTPServer

import pytest

from conftest import API_BIN, run_api
from recording_server import QuietHandler

EVIL_TITLE = "\x1b]0;pwned\x07"
EVIL_CLEAR = "\x1b[2J"


class Hostile(QuietHandler):
    hits: dict = {}
    requests: list = []

    def do_GET(self):
        Hostile.requests.append((self.path, dict(self.headers)))
        path, _, query = self.path.partition("?")
        if path == "/retry":
            # First hit per query: 503 with the Retry-After in the query; then 200.
            count = Hostile.hits.get(self.path, 0)
            Hostile.hits[self.path] = count + 1
            if count == 0:
                value = query.replace("%20", " ")
                self.reply(503, b"busy", [("Retry-After", value)])
            else:
                self.reply(200, b'{"ok":true}', [("Content-Type", "application/json")])
        elif path == "/evil":
            self.reply(200, f"before{EVIL_CLEAR}after{EVIL_TITLE}\n".encode(),
                       [("Content-Type", "text/plain"), ("X-Evil", f"x{EVIL_TITLE}y")])
        elif path == "/file.bin":
            # Always names another file, and honours Range.
            data = b"0123456789"
            disposition = ("Content-Disposition", 'attachment; filename="victim.txt"')
            start = 0
            header = self.headers.get("Range", "")
            if header.startswith("bytes="):
                start = int(header[6:].rstrip("-"))
                self.reply(206, data[start:], [disposition, ("Content-Range", f"bytes {start}-9/10")])
            else:
                self.reply(200, data, [disposition])
        else:
            self.reply(404, b"no")


@pytest.fixture(scope="module")
def hostile():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def no_trap(result):
    assert result.returncode not in (132, 133, -4, -5), result.stderr.decode()


@pytest.mark.parametrize("value", ["9223372036854775807", "99999999999999999999999", "Fri,%2031%20Dec%209999%2023:59:59%20GMT"])
def test_huge_retry_after_is_capped_by_retry_max_time(hostile, value):
    # Capped at --retry-max-time 2, the wait does not fit in what is left: no retry, the 503 is the answer.
    result = run_api("get", f"{hostile}/retry?{value}", "--retry", "1", "--retry-max-time", "2", timeout=20)
    no_trap(result)
    assert result.returncode == 5, result.stderr.decode()


@pytest.mark.parametrize("value", ["1e20", "1e300", "-1", "inf"])
def test_retry_after_that_is_not_delay_seconds_falls_back_to_backoff(hostile, value):
    result = run_api("get", f"{hostile}/retry?{value}", "--retry", "1", timeout=20)
    no_trap(result)
    assert result.returncode == 0, result.stderr.decode()
    assert b"retry 1/1" in result.stderr
    assert json.loads(result.stdout) == {"ok": True}


def test_batch_caps_curl_retry_after(hostile):
    spec = json.dumps({"url": f"{hostile}/retry?9223372036854775806"}) + "\n"
    result = run_api("batch", "-", "--retry", "1", "--retry-max-time", "2", input=spec.encode(), timeout=20)
    no_trap(result)
    assert json.loads(result.stdout.splitlines()[0])["status"] == 503


def test_batch_rate_too_small_is_a_usage_error(hostile):
    spec = json.dumps({"url": f"{hostile}/retry?1"}) + "\n"
    result = run_api("batch", "-", "--rate", "1e-300", input=spec.encode(), timeout=20)
    assert result.returncode == 2
    assert result.stderr.startswith(b"api: bad --rate '1e-300': expected requests per second from 0.001 to 1000000")


@pytest.mark.parametrize("args,env,source", [
    (["-H", "X-A: 1\r\nX-Injected: 1"], {}, b"--header"),
    (["--user-agent", "ua\r\nX-Injected: 1"], {}, b"--user-agent"),
    (["--bearer", "t\nX-Injected: 1"], {}, b"--bearer"),
    ([], {"API_TOKEN": "t\r\nX-Injected: 1"}, b"$API_TOKEN"),
])
def test_line_breaks_in_headers_are_refused_before_sending(hostile, args, env, source):
    before = len(Hostile.requests)
    result = run_api("get", f"{hostile}/retry?1", *args, env=env)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == b"api: " + source + b" cannot contain a line break (CR, LF or NUL)"
    assert len(Hostile.requests) == before


def on_terminal(command, cwd=None):
    return subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, timeout=30, cwd=cwd,
                          env={**os.environ, "TERM": "xterm", "NO_COLOR": ""})


@pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is needed for a pseudo-terminal")
def test_control_characters_are_escaped_on_a_terminal(hostile):
    out = on_terminal(f"{API_BIN} get {hostile}/evil -p hb").stdout.decode(errors="replace")
    assert "X-Evil" in out and "before" in out
    assert EVIL_TITLE not in out and EVIL_CLEAR not in out
    assert "x\\x1b]0;pwned\\x07y" in out
    assert "before\\x1b[2Jafter" in out
    # Piped: the exact bytes.
    piped = run_api("get", f"{hostile}/evil", "-p", "hb")
    assert f"X-Evil: x{EVIL_TITLE}y".encode() in piped.stdout
    assert f"before{EVIL_CLEAR}after{EVIL_TITLE}\n".encode() in piped.stdout


@pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is needed for a pseudo-terminal")
def test_streamed_lines_are_escaped_on_a_terminal(hostile):
    out = on_terminal(f"{API_BIN} get {hostile}/evil --stream").stdout.decode(errors="replace")
    assert EVIL_CLEAR not in out and "before\\x1b[2Jafter" in out


def test_resume_refuses_a_server_that_names_another_file(hostile, tmp_path):
    (tmp_path / "file.bin").write_bytes(b"012")
    (tmp_path / "victim.txt").write_bytes(b"VICTIM")
    result = run_api("get", f"{hostile}/file.bin", "-d", "-c", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    lines = result.stderr.decode().splitlines()
    assert lines == ["api: the server names the file 'victim.txt', but --continue resumes 'file.bin'; nothing written"]
    assert (tmp_path / "victim.txt").read_bytes() == b"VICTIM"
    assert (tmp_path / "file.bin").read_bytes() == b"012"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin", "victim.txt"]


def test_download_never_overwrites_the_named_file(hostile, tmp_path):
    (tmp_path / "victim.txt").write_bytes(b"VICTIM")
    result = run_api("get", f"{hostile}/file.bin", "-d", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "victim.txt").read_bytes() == b"VICTIM"
    assert (tmp_path / "victim.txt-1").read_bytes() == b"0123456789"


def test_download_does_not_write_through_a_dangling_symlink(hostile, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "victim.txt").symlink_to(outside / "planted")
    result = run_api("get", f"{hostile}/file.bin", "-d", cwd=work)
    assert result.returncode == 0, result.stderr.decode()
    assert not (outside / "planted").exists()
    assert (work / "victim.txt").is_symlink()
    assert (work / "victim.txt-1").read_bytes() == b"0123456789"


def test_resume_does_not_append_through_a_symlink(hostile, tmp_path):
    (tmp_path / "victim.txt").write_bytes(b"VICTIM")
    (tmp_path / "out.bin").symlink_to(tmp_path / "victim.txt")
    result = run_api("get", f"{hostile}/file.bin", "-o", "out.bin", "-c", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "victim.txt").read_bytes() == b"VICTIM"
    # No Range was sent for a symlink: the whole body replaced the link itself.
    assert not (tmp_path / "out.bin").is_symlink()
    assert (tmp_path / "out.bin").read_bytes() == b"0123456789"
