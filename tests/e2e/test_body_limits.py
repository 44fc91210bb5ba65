"""The client's memory on big bodies: uploads from files and stdin stream in constant memory; a body that must be
held whole (-q, --sort-keys, a page, a streamed line, a =@ file) is capped by --max-body with one clear line.

Peak memory is the child's maximum RSS (getrusage of a wrapper process that runs only the binary), asserted
against a generous bound, never a time.
"""
import json
import os
import subprocess
import sys
import urllib.parse

import pytest

from conftest import API_BIN, run_api
from recording_server import RecordingServer

MIB = 1 << 20
UPLOAD = 512 * MIB
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(\"\\nrss\", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n"
    "sys.exit(code)\n"
)


def peak_rss(args, stdin=subprocess.DEVNULL, cwd=None):
    """Runs the binary; returns (exit code, peak RSS in bytes, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("API_BASE_URL", "API_TOKEN")}
    run = subprocess.run([sys.executable, "-c", RSS_WRAPPER, API_BIN, *args], stdin=stdin, capture_output=True,
                         env=env, timeout=300, cwd=cwd)
    return run.returncode, int(run.stdout.splitlines()[-1].split()[-1]), run.stderr


@pytest.fixture(scope="module")
def server():
    recorder = RecordingServer(bomb_bytes=300 * MIB)
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def sparse(tmp_path_factory):
    path = tmp_path_factory.mktemp("upload") / "big.bin"
    with open(path, "wb") as file:
        file.truncate(UPLOAD)
    return path


def last_upload(server):
    return server.requests[-1]["body_bytes"]


def test_multipart_file_upload_streams(server, sparse):
    code, rss, stderr = peak_rss(["post", f"{server.url}/upload", f"file@{sparse}"])
    assert code == 0, stderr
    assert last_upload(server) > UPLOAD  # the file plus the multipart framing
    assert rss < UPLOAD // 4, f"peak RSS {rss / UPLOAD:.2f}x the upload"


def test_input_file_streams(server, sparse):
    code, rss, stderr = peak_rss(["put", f"{server.url}/upload", "--input", str(sparse)])
    assert code == 0, stderr
    assert last_upload(server) == UPLOAD
    assert rss < UPLOAD // 4, f"peak RSS {rss / UPLOAD:.2f}x the upload"


def test_stdin_file_streams_with_content_length(server, sparse):
    with open(sparse, "rb") as stdin:
        code, rss, stderr = peak_rss(["post", f"{server.url}/upload"], stdin=stdin)
    assert code == 0, stderr
    assert last_upload(server) == UPLOAD
    assert server.requests[-1]["headers"].get("Content-Length") == str(UPLOAD)
    assert rss < UPLOAD // 4, f"peak RSS {rss / UPLOAD:.2f}x the upload"


def test_stdin_pipe_streams_chunked(server):
    producer = subprocess.Popen(["head", "-c", str(UPLOAD), "/dev/zero"], stdout=subprocess.PIPE)
    code, rss, stderr = peak_rss(["post", f"{server.url}/upload", "--input", "-"], stdin=producer.stdout)
    producer.stdout.close()
    producer.wait()
    assert code == 0, stderr
    assert last_upload(server) == UPLOAD
    assert server.requests[-1]["headers"].get("Transfer-Encoding") == "chunked"
    assert rss < UPLOAD // 4, f"peak RSS {rss / UPLOAD:.2f}x the upload"


def test_small_stdin_body_is_sent_whole_with_its_type(server):
    result = run_api("post", f"{server.url}/upload", input=b' {"a":1}')
    assert result.returncode == 0, result.stderr
    assert server.requests[-1]["body_bytes"] == 8
    assert server.requests[-1]["headers"]["Content-Type"] == "application/json"


def test_stdin_pipe_is_not_resent_on_retry(server):
    """A retried PUT cannot send a pipe again: an error, never a silently shortened body."""
    producer = subprocess.Popen(["head", "-c", str(MIB), "/dev/zero"], stdout=subprocess.PIPE)
    result = subprocess.run([API_BIN, "put", f"{server.url}/busy?times=1&key=pipe", "--retry", "2"], stdin=producer.stdout,
                            capture_output=True, timeout=60)
    producer.stdout.close()
    producer.wait()
    assert result.returncode == 1
    assert b"cannot send a body read from a pipe twice" in result.stderr


def test_stdin_file_is_resent_whole_on_retry(server, tmp_path):
    body = tmp_path / "body.bin"
    body.write_bytes(b"z" * (3 * MIB))
    with open(body, "rb") as stdin:
        result = subprocess.run([API_BIN, "put", f"{server.url}/busy?times=1&key=file", "--retry", "2"], stdin=stdin,
                                capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"received": 3 * MIB}


def test_gzip_bomb_with_query_stops_at_the_default_limit(server):
    code, rss, stderr = peak_rss(["get", f"{server.url}/bomb", "-q", "length"])
    assert code == 1
    assert stderr.decode().strip().splitlines() == [
        "api: the response body is larger than --max-body 256MB (--query reads it whole)"]
    assert rss < 400 * MIB, f"peak RSS {rss / MIB:.0f} MiB"


@pytest.mark.parametrize("args, message", [
    (["/bomb", "-q", "length"], "the response body is larger than --max-body 1MB (--query reads it whole)"),
    (["/bomb", "--sort-keys", "--pretty", "format"],
     "the response body is larger than --max-body 1MB (--sort-keys reads it whole)"),
    (["/long-line?bytes=3000000"], "a streamed line is larger than --max-body 1MB (each line is read whole)"),
    (["/json?items=1000000", "--paginate"], "page 1's body is larger than --max-body 1MB (--paginate reads each page whole)"),
])
def test_bodies_held_whole_are_capped(server, args, message):
    result = run_api("get", server.url + args[0], *args[1:], "--max-body", "1M")
    assert result.returncode == 1
    assert result.stderr.decode().strip().splitlines() == [f"api: {message}"]


def test_merged_pages_are_capped_unless_ndjson(server):
    """Each page fits, all of them together do not: --ndjson, which holds one page at a time, still works."""
    second = f"{server.url}/json?items=100000&n=2"  # about 200 KB a page
    first = f"{server.url}/json?" + urllib.parse.urlencode({"items": 100000, "next": second})
    result = run_api("get", first, "--paginate", "--max-body", "300K", timeout=60)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        "api: the merged result of 2 pages is larger than --max-body 300KB (--ndjson prints each page as it arrives)"]
    streamed = run_api("get", first, "--paginate", "--ndjson", "--max-body", "300K", timeout=60)
    assert streamed.returncode == 0, streamed.stderr
    assert len(streamed.stdout.splitlines()) == 2


def test_under_the_limit_is_untouched(server):
    result = run_api("get", f"{server.url}/json?items=3", "-q", ".a | length", "--max-body", "1K")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"4\n"
    streamed = run_api("get", f"{server.url}/bomb", "--max-body", "1K", "-o", os.devnull)
    assert streamed.returncode == 0, streamed.stderr  # a download streams: no limit


def test_file_field_over_the_limit(server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 2048)
    result = run_api("post", f"{server.url}/upload", f"text=@{big}", "--max-body", "1K")
    assert result.returncode == 2
    assert f"cannot read '{big}': larger than --max-body 1KB" in result.stderr.decode()
    assert len(server.requests) == 0 or server.requests[-1]["path"] != "/never"


def test_batch_line_over_the_limit(server, tmp_path):
    specs = tmp_path / "specs.ndjson"
    specs.write_bytes(json.dumps({"url": f"{server.url}/ok"}).encode() + b"\n" + b"{" * 3 * MIB)
    result = run_api("batch", str(specs), "--max-body", "1M")
    assert len(result.stdout.splitlines()) == 1
    assert "api: line 2 is larger than --max-body 1MB" in result.stderr.decode()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1T", "99999999999G", "1.5M", ""])
def test_bad_max_body_is_a_usage_error(value):
    result = run_api("get", "http://127.0.0.1:9/x", "--max-body", value)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"api: bad --max-body '{value}'")
