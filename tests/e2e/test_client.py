"""The built `api` binary against httpbin: what the server received, what api printed, and the exit status."""
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import API_BIN, run_api, wait_until


def received(result):
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_method_reaches_server(httpbin, method):
    body = received(run_api(method.upper() if method == "put" else method, f"{httpbin}/{method}"))
    assert body["url"] == f"{httpbin}/{method}"


def test_head_and_options(httpbin):
    head = run_api("head", f"{httpbin}/get", "-p", "h")
    assert head.returncode == 0
    assert head.stdout.startswith(b"HTTP/1.1 200 OK")
    options = run_api("options", f"{httpbin}/get", "-p", "h")
    assert options.returncode == 0
    assert b"Allow:" in options.stdout or b"allow:" in options.stdout.lower()


def test_default_headers(httpbin):
    headers = received(run_api("get", f"{httpbin}/headers"))["headers"]
    assert headers["Accept"] == "application/json, */*;q=0.5"
    assert headers["User-Agent"].startswith("api/")


def test_header_items_and_dash_h(httpbin):
    headers = received(
        run_api("get", f"{httpbin}/headers", "X-One:1", "X-Empty;", "User-Agent:custom", "-H", "X-Two: two", "Accept:")
    )["headers"]
    assert headers["X-One"] == "1"
    assert headers["X-Two"] == "two"
    assert headers["X-Empty"] == ""
    assert headers["User-Agent"] == "custom"
    assert "Accept" not in headers


def test_query_items_are_encoded_in_order(httpbin):
    body = received(run_api("get", f"{httpbin}/get?x=0", "q==hello world", "a==1", "a==2", "amp==&"))
    assert body["args"] == {"x": "0", "q": "hello world", "a": ["1", "2"], "amp": "&"}
    assert body["url"].index("q=") < body["url"].index("a=1")


def test_json_body_from_items(httpbin, tmp_path):
    (tmp_path / "bio.txt").write_text("hello")
    (tmp_path / "tags.json").write_text('["x", "y"]')
    body = received(
        run_api(
            "post", f"{httpbin}/post", "name=alice", "age:=30", "active:=true", "nick:=null",
            f"bio=@{tmp_path}/bio.txt", f"tags:=@{tmp_path}/tags.json", "address[city]=Paris", "list[]:=1",
            "list[]:=2",
        )
    )
    assert body["headers"]["Content-Type"] == "application/json"
    assert body["data"] == (
        # The text of a := value is sent as written (the file's `["x", "y"]`), as HTTPie would send it.
        '{"name":"alice","age":30,"active":true,"nick":null,"bio":"hello","tags":["x", "y"],'
        '"address":{"city":"Paris"},"list":[1,2]}'
    )


def test_form_body(httpbin):
    body = received(run_api("post", f"{httpbin}/post", "--form", "name=alice smith", "x=1&2"))
    assert body["form"] == {"name": "alice smith", "x": "1&2"}
    assert body["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")


def test_multipart_upload(httpbin, tmp_path):
    upload = tmp_path / "note.txt"
    upload.write_text("file contents")
    body = received(run_api("post", f"{httpbin}/post", "title=hi", f"doc@{upload}"))
    assert body["form"] == {"title": "hi"}
    assert body["files"] == {"doc": "file contents"}
    assert body["headers"]["Content-Type"].startswith("multipart/form-data")


def test_input_file_and_stdin_body(httpbin, tmp_path):
    raw = tmp_path / "raw.json"
    raw.write_text('{"from":"file"}')
    assert received(run_api("post", f"{httpbin}/post", "--input", str(raw)))["json"] == {"from": "file"}
    assert received(run_api("post", f"{httpbin}/post", input=b'{"from":"stdin"}'))["json"] == {"from": "stdin"}
    no_stdin = received(run_api("post", f"{httpbin}/post", "--no-stdin", input=b'{"from":"stdin"}'))
    assert no_stdin["data"] == ""


def test_get_never_waits_for_an_open_stdin(httpbin):
    """A GET in cron/CI with a stdin pipe that never closes must return at once."""
    process = subprocess.Popen(
        [API_BIN, "get", f"{httpbin}/get"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close() if process.stdin and not process.stdin.closed else None
    assert process.returncode == 0, err
    assert json.loads(out)["url"] == f"{httpbin}/get"


def test_basic_and_bearer_auth(httpbin):
    assert received(run_api("get", f"{httpbin}/basic-auth/alice/secret", "-a", "alice:secret")) == {
        "authenticated": True, "user": "alice"}
    bad = run_api("get", f"{httpbin}/basic-auth/alice/secret", "-a", "alice:wrong")
    assert bad.returncode == 4
    assert received(run_api("get", f"{httpbin}/bearer", "--bearer", "tok123")) == {
        "authenticated": True, "token": "tok123"}
    assert received(run_api("get", f"{httpbin}/bearer", env={"API_TOKEN": "fromenv"}))["token"] == "fromenv"


def test_redirects_not_followed_then_followed(httpbin):
    not_followed = run_api("get", f"{httpbin}/redirect/2")
    assert not_followed.returncode == 3
    assert b"302" in not_followed.stderr
    followed = run_api("get", f"{httpbin}/redirect/2", "--follow")
    assert followed.returncode == 0
    assert json.loads(followed.stdout)["url"] == f"{httpbin}/get"
    too_many = run_api("get", f"{httpbin}/redirect/3", "--follow", "--max-redirects", "1")
    assert too_many.returncode == 6


def test_gzip_is_decoded(httpbin):
    assert received(run_api("get", f"{httpbin}/gzip"))["gzipped"] is True


@pytest.mark.parametrize(
    "path,code", [("/status/200", 0), ("/status/404", 4), ("/status/503", 5), ("/status/302", 3)]
)
def test_exit_status_of_http_status(httpbin, path, code):
    result = run_api("get", httpbin + path)
    assert result.returncode == code, result.stderr


def test_error_status_line_on_stderr_and_body_on_stdout(httpbin):
    result = run_api("get", f"{httpbin}/status/418")
    assert result.returncode == 4
    assert result.stderr.decode().startswith("api: 418 I'M A TEAPOT") or b"418" in result.stderr
    assert b"teapot" in result.stdout.lower()


def test_ok_and_ignore_status(httpbin):
    assert run_api("get", f"{httpbin}/status/404", "--ok", "404,409").returncode == 0
    assert run_api("get", f"{httpbin}/status/500", "--ignore-status").returncode == 0


def test_timeout_exits_7(httpbin):
    result = run_api("get", f"{httpbin}/delay/3", "--timeout", "1")
    assert result.returncode == 7
    assert b"timed out" in result.stderr


def test_connection_refused_exits_1(closed_port):
    result = run_api("get", f"http://127.0.0.1:{closed_port}/x")
    assert result.returncode == 1
    assert result.stderr.startswith(b"api: ")
    assert len(result.stderr.splitlines()) == 1


def test_piped_output_is_the_exact_body(httpbin):
    expected = subprocess.run(["curl", "-s", f"{httpbin}/json"], capture_output=True).stdout
    result = run_api("get", f"{httpbin}/json")
    assert result.stdout == expected


def test_output_file_written_atomically(httpbin, tmp_path):
    target = tmp_path / "out.json"
    ok = run_api("get", f"{httpbin}/json", "-o", str(target))
    assert ok.returncode == 0
    assert json.loads(target.read_text())["slideshow"]
    assert ok.stdout == b""
    missing = tmp_path / "missing.json"
    failed = run_api("get", f"{httpbin}/status/404", "-o", str(missing))
    assert failed.returncode == 4
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == [target]


def test_offline_and_curl_send_nothing(closed_port):
    url = f"http://127.0.0.1:{closed_port}/users"
    offline = run_api("post", url, "name=alice", "--offline")
    assert offline.returncode == 0
    assert offline.stdout.startswith(b"POST /users HTTP/1.1\n")
    assert b'{"name":"alice"}' in offline.stdout
    curl = run_api("post", url, "name=alice", "X-Team:core", "--curl")
    assert curl.returncode == 0
    line = curl.stdout.decode()
    assert line.startswith(f"curl {url} ")
    assert "-H 'X-Team: core'" in line and "--data-binary '{\"name\":\"alice\"}'" in line


def test_curl_output_runs_in_a_shell(httpbin):
    command = run_api("post", f"{httpbin}/post", "name=o'brien", "--curl").stdout.decode()
    result = subprocess.run(["sh", "-c", command], capture_output=True)
    assert json.loads(result.stdout)["json"] == {"name": "o'brien"}


@pytest.mark.parametrize(
    "args,needle",
    [
        (["get", "{url}", "--bogus"], b"unknown option '--bogus'"),
        (["get", "{url}", "age:=3x"], b"age:=3x"),
        (["get", "{url}", "bogus"], b"not a request item"),
        (["get", "{url}", "--timeout", "soon"], b"--timeout"),
        (["fetch", "{url}"], b"unknown method or command 'fetch'"),
        (["get", "{url}", "--port", "3"], b"'--port' is for 'api serve'"),
        (["post", "{url}", "x=@/nonexistent/file"], b"/nonexistent/file"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(closed_port, args, needle):
    url = f"http://127.0.0.1:{closed_port}/x"
    result = run_api(*[a.replace("{url}", url) for a in args])
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(b"api: ")
    assert needle in result.stderr
    assert b"usage: api" in result.stderr
    assert b"Traceback" not in result.stderr and b"Fatal error" not in result.stderr


def test_bad_json_item_shows_a_caret(closed_port):
    result = run_api("post", f"http://127.0.0.1:{closed_port}/x", "age:=3x")
    lines = result.stderr.decode().splitlines()
    item_line = next(line for line in lines if line.strip() == "age:=3x")
    caret_line = lines[lines.index(item_line) + 1]
    assert caret_line.index("^") == item_line.index("x")


def test_options_anywhere_and_double_dash(httpbin):
    body = received(run_api("-p", "b", "post", f"{httpbin}/post", "a=1", "--pretty=none", "--", "-b=2"))
    assert body["json"] == {"a": "1", "-b": "2"}


def test_base_url_and_target_shorthands(httpbin):
    port = httpbin.rsplit(":", 1)[1]
    assert received(run_api("get", "get", "--base", httpbin))["url"] == f"{httpbin}/get"
    assert received(run_api("get", "/get?x=1", env={"API_BASE_URL": httpbin + "/"}))["args"] == {"x": "1"}
    assert received(run_api("get", f":{port}/get"))["url"] == f"http://localhost:{port}/get"
    assert received(run_api("get", f"127.0.0.1:{port}/get"))["url"] == f"http://127.0.0.1:{port}/get"


def test_verbose_prints_request_and_response(httpbin):
    result = run_api("post", f"{httpbin}/post", "a=1", "-v")
    text = result.stdout.decode()
    assert text.startswith("POST /post HTTP/1.1\n")
    assert "HTTP/1.1 200 OK" in text
    assert "Elapsed time:" in text


@pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is needed for a pseudo-terminal")
def test_terminal_output_is_colored_and_pretty(httpbin):
    command = f"{API_BIN} get {httpbin}/json"
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, timeout=30,
        env={**os.environ, "TERM": "xterm", "NO_COLOR": ""},
    )
    out = result.stdout.decode()
    assert "\x1b[" in out, out
    assert "200 OK" in out
    assert "Content-Type" in out
    assert '\n    "slideshow"' not in out  # 2-space indent, not 4
    assert '  \x1b[34;1m"slideshow"' in out or '"slideshow"' in out
    piped = run_api("get", f"{httpbin}/json")
    assert b"\x1b[" not in piped.stdout
    assert b"HTTP/1.1" not in piped.stdout


@pytest.mark.skipif(shutil.which("script") is None, reason="script(1) is needed for a pseudo-terminal")
def test_binary_body_is_not_dumped_on_a_terminal(httpbin):
    result = subprocess.run(
        ["script", "-qec", f"{API_BIN} get {httpbin}/bytes/4096", "/dev/null"], capture_output=True, timeout=30)
    out = result.stdout.decode(errors="replace")
    assert "binary body not shown" in out and "4096 bytes" in out and "-o FILE" in out
    piped = run_api("get", f"{httpbin}/bytes/4096")
    assert len(piped.stdout) == 4096


def test_interrupt_exits_130_and_leaves_no_partial_file(httpbin, tmp_path):
    target = tmp_path / "slow.bin"
    process = subprocess.Popen(
        [API_BIN, "get", f"{httpbin}/drip?numbytes=100&duration=20", "-o", str(target), "-p", "H"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Wait until the download has started (its temporary file exists), then interrupt.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(tmp_path.iterdir()):
        time.sleep(0.05)
    assert any(tmp_path.iterdir()), "the download never started"
    process.send_signal(2)
    assert process.wait(timeout=20) == 130
    assert list(tmp_path.iterdir()) == []
    # What was printed before the download (the request head) was written out, not lost with the buffer.
    assert process.stdout.read().startswith(b"GET /drip?")


def test_interrupt_without_a_download_is_the_default_action(httpbin):
    # The handler is installed only while a download's temporary file is open.
    process = subprocess.Popen(
        [API_BIN, "get", f"{httpbin}/drip?numbytes=100&duration=20"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fds = f"/proc/{process.pid}/fd"
    wait_until(lambda: any(os.readlink(f"{fds}/{fd}").startswith("socket:") for fd in os.listdir(fds)), "the request")
    process.send_signal(2)
    assert process.wait(timeout=20) == -2
