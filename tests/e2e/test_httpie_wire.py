"""What goes on the wire, against HTTPie 3.2.4 (the oracle, `http --offline`) and against `api --offline`, which
must print exactly the bytes a real send writes (issue 13)."""
import re
import shutil
import subprocess

import pytest

from conftest import run_api
from wire_server import WireServer


@pytest.fixture
def wire():
    server = WireServer()
    yield server
    server.close()


def as_printed(raw: bytes) -> bytes:
    """A captured request as `--offline --pretty none` prints it: head lines ending in LF, a blank line, the body
    with a final LF."""
    head, _, body = raw.partition(b"\r\n\r\n")
    text = head.replace(b"\r\n", b"\n") + b"\n\n"
    if body:
        text += body + (b"" if body.endswith(b"\n") else b"\n")
    return text


def without_boundary(raw: bytes) -> bytes:
    match = re.search(rb"boundary=([-\w]+)", raw)
    return raw.replace(match.group(1), b"BOUNDARY") if match else raw


def send_and_print(wire, method, path, *items):
    sent = run_api(method, wire.url + path, *items)
    assert sent.returncode == 0, sent.stderr
    printed = run_api(method, wire.url + path, *items, "--offline", "--pretty", "none")
    assert printed.returncode == 0, printed.stderr
    return wire.requests[-1], printed.stdout


CASES = [
    ("get", "/ü/%41/./x/../y?q=ü%41", []),
    ("get", "/x", ["X-A:1", "X-A:2", "-H", "X-B: 3", "X-B:4"]),
    ("post", "/x", ['a:={"x":1,"x":2}', "b:=1.0", "c:=1e3"]),
    ("post", "/x", ["--form", "a:=1", "b=two", "c:=true"]),
    ("PROPFIND", "/dav", ["Depth:1"]),
    ("post", "/x", ["a\u0301=1"]),
    ("post", "/up", ["--multipart", "name=ann", "file@{file}"]),
    ("put", "/raw", ["@{file}"]),
    ("delete", "/x", ["--auth", "ann:secret"]),
]


@pytest.mark.parametrize("method,path,items", CASES)
def test_offline_prints_exactly_what_is_sent(wire, tmp_path, method, path, items):
    upload = tmp_path / "data.json"
    upload.write_bytes(b'{"k": [1, 2]}\n')
    items = [item.replace("{file}", str(upload)) for item in items]
    sent, printed = send_and_print(wire, method, path, *items)
    assert without_boundary(printed) == without_boundary(as_printed(sent))


def test_wire_has_httpie_fidelity(wire, tmp_path):
    upload = tmp_path / "data.json"
    upload.write_bytes(b'{"k": 1}')
    sent, _ = send_and_print(wire, "get", "/ü/%41/a%2fb/./x/../y", "X-A:1", "X-A:2")
    assert sent.startswith(b"GET /%C3%BC/A/a%2Fb/y HTTP/1.1\r\n")
    assert b"\r\nX-A: 1\r\nX-A: 2\r\n" in sent
    sent, _ = send_and_print(wire, "post", "/", "@" + str(upload))
    assert sent.endswith(b'\r\n\r\n{"k": 1}')
    assert b"\r\nContent-Type: application/json\r\n" in sent
    sent, _ = send_and_print(wire, "post", "/", 'a:={"x":1,"x":2}')
    assert sent.endswith(b'\r\n\r\n{"a":{"x":1,"x":2}}')
    sent, _ = send_and_print(wire, "MKCOL", "/c")
    assert sent.startswith(b"MKCOL /c HTTP/1.1\r\n")


def test_scheme_left_out_is_http(wire):
    result = run_api("get", "://" + wire.url.removeprefix("http://") + "/x")
    assert result.returncode == 0, result.stderr
    assert wire.requests[-1].startswith(b"GET /x HTTP/1.1\r\n")


def test_offline_honours_print(wire):
    headers = run_api("post", wire.url + "/x", "a=1", "--offline", "-p", "H").stdout
    body = run_api("post", wire.url + "/x", "a=1", "--offline", "-p", "B").stdout
    assert headers.startswith(b"POST /x HTTP/1.1\n") and headers.endswith(b"\n\n") and b'{"a"' not in headers
    assert body == b'{"a":"1"}\n'


def test_offline_refuses_what_a_send_refuses():
    for target in ["::1", "example.com:99999/x"]:
        result = run_api("get", target, "--offline")
        assert result.returncode == 2, result
        assert result.stdout == b""


def test_file_body_cannot_be_mixed_with_data(tmp_path):
    upload = tmp_path / "a.json"
    upload.write_text("{}")
    result = run_api("post", "http://h.test/", "@" + str(upload), "foo=bar", "--offline")
    assert result.returncode == 2
    assert b"cannot be combined with" in result.stderr


HTTPIE = shutil.which("http")


@pytest.mark.skipif(HTTPIE is None, reason="HTTPie is installed by make test-deps")
@pytest.mark.parametrize("method,target,items", [
    ("GET", "example.com/ü/%41/a%2fb/./x/../y", []),
    ("GET", "example.com/a b/../c?q=ü%41", []),
    ("PROPFIND", "example.com/dav", []),
    ("GET", "example.com/", ["X-A:1", "X-A:2"]),
    ("GET", "://example.com/x", []),
])
def test_request_line_and_items_match_httpie(method, target, items):
    ours = run_api(method, target, *items, "--offline", "-p", "H").stdout.decode().split("\n")
    theirs = subprocess.run(
        [HTTPIE, "--offline", "--ignore-stdin", "--print", "H", method, target, *items],
        capture_output=True, check=True,
    ).stdout.decode().replace("\r\n", "\n").split("\n")
    assert ours[0] == theirs[0]
    assert [line for line in ours if line.startswith("X-A")] == [line for line in theirs if line.startswith("X-A")]


def test_verbose_multipart_prints_the_body_that_is_sent(wire, tmp_path):
    """`-v` with a multipart body shows the bytes sent, boundary and all (HTTPie's way), not a summary of the parts."""
    upload = tmp_path / "note.txt"
    upload.write_bytes(b"hello\n")
    shown = run_api("post", wire.url + "/up", "--multipart", "name=ann", f"file@{upload}", "-v", "--pretty", "none")
    assert shown.returncode == 0, shown.stderr
    raw = wire.requests[-1]
    head, _, body = raw.partition(b"\r\n\r\n")
    boundary = re.search(rb"boundary=([-\w]+)", head).group(1)
    assert b"Content-Type: multipart/form-data; boundary=" + boundary + b"\n" in shown.stdout
    assert body in shown.stdout
    assert body.endswith(b"--" + boundary + b"--\r\n")
    assert b'name="file"; filename="note.txt"' in body
