"""End-to-end tests of `api batch`: NDJSON request specs in, one NDJSON line per request out in input order, over
reused connections; against httpbin (conftest) and `api serve --mock` (started here on port 0)."""
import json
import re
import subprocess

import pytest

from conftest import API_BIN, run_api, wait_until

SUMMARY = re.compile(r"api: batch: (\d+) requests, .*?(\d+) connections")

USERS = {"users": [{"id": 1, "name": "Ada", "city": "London"}, {"id": 2, "name": "Grace", "city": "New York"},
                   {"id": 3, "name": "Alan", "city": "London"}]}


def batch(*args, specs, env=None):
    """Runs `api batch -` with the specs (dicts, or raw lines as str) on stdin."""
    text = "".join((spec if isinstance(spec, str) else json.dumps(spec)) + "\n" for spec in specs)
    return run_api("batch", "-", *args, input=text.encode(), env=env, timeout=120)


def output(result):
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def summary(result):
    match = SUMMARY.search(result.stderr.decode())
    assert match, f"no batch summary on stderr: {result.stderr.decode()!r}"
    return int(match.group(1)), int(match.group(2))


@pytest.fixture(scope="module")
def mock(tmp_path_factory):
    """`api serve --mock` on a free port (it keeps connections alive, so reuse can be counted)."""
    directory = tmp_path_factory.mktemp("batch-mock")
    (directory / "db.json").write_text(json.dumps(USERS, indent=2))
    ready = directory / "ready"
    process = subprocess.Popen(
        [API_BIN, "serve", "--mock", str(directory / "db.json"), "--port", "0", "--ready-file", str(ready)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def started():
        assert process.poll() is None, f"api serve exited {process.returncode}"
        return ready.exists() and ready.read_text().strip()

    try:
        yield wait_until(started, "api serve --mock")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gets_in_order_over_at_most_parallel_connections(mock):
    specs = [{"url": f"users/{1 + i % 3}"} for i in range(200)]
    result = batch("--base", mock, "--parallel", "4", "-v", specs=specs)
    assert result.returncode == 0, result.stderr.decode()
    lines = output(result)
    assert [line["index"] for line in lines] == list(range(200))
    assert all(line["status"] == 200 for line in lines)
    assert [str(line["body"]["id"]) for line in lines] == [str(1 + i % 3) for i in range(200)]
    requests, connections = summary(result)
    assert requests == 200
    assert 1 <= connections <= 4


def test_line_shape_and_input_order_when_later_requests_finish_first(httpbin):
    specs = [{"url": f"{httpbin}/delay/0.5"}] + [{"url": f"{httpbin}/get", "query": {"i": i}} for i in range(1, 6)]
    result = batch("--parallel", "4", specs=specs)
    assert result.returncode == 0, result.stderr.decode()
    lines = output(result)
    assert [line["index"] for line in lines] == list(range(6))
    for line in lines:
        assert list(line) == ["index", "status", "headers", "body", "time_ms"]
        assert line["headers"]["content-type"] == "application/json"
        assert isinstance(line["time_ms"], (int, float)) and line["time_ms"] >= 0
    assert [line["body"]["args"].get("i") for line in lines[1:]] == ["1", "2", "3", "4", "5"]


def test_methods_bodies_and_headers(httpbin):
    specs = [
        {"method": "POST", "url": f"{httpbin}/post", "headers": {"X-Team": "core"}, "body": {"name": "ann", "n": [1]}},
        {"method": "put", "url": f"{httpbin}/put", "body": "plain text"},
        {"method": "PATCH", "url": f"{httpbin}/patch", "headers": {"Content-Type": "text/csv"}, "body": "a,b"},
        {"method": "DELETE", "url": f"{httpbin}/delete"},
    ]
    result = batch(specs=specs)
    assert result.returncode == 0, result.stderr.decode()
    post, put, patch, delete = (line["body"] for line in output(result))
    assert post["json"] == {"name": "ann", "n": [1]}
    assert post["headers"]["Content-Type"] == "application/json"
    assert post["headers"]["X-Team"] == "core"
    assert post["headers"]["User-Agent"].startswith("api/")
    assert put["data"] == "plain text" and put["headers"]["Content-Type"] == "text/plain"
    assert patch["data"] == "a,b" and patch["headers"]["Content-Type"] == "text/csv"
    assert delete["url"] == f"{httpbin}/delete"


def test_relative_urls_query_parameters_and_a_query_per_request(mock):
    specs = [{"url": "users", "query": {"city": "London", "_sort": "id"}}, {"url": "/users/2"}]
    result = batch("--query", ".[] | .name", specs=specs, env={"API_BASE_URL": mock})
    first, second = output(result)
    assert first["body"] == ["Ada", "Alan"]  # several results: an array
    assert list(second) == ["index", "status", "headers", "error", "time_ms"]  # .name of a number fails
    assert second["status"] == 200 and second["error"].startswith("--query: Cannot index number")
    assert result.returncode == 2


def test_query_results_one_value_as_is(mock):
    result = batch("--base", mock, "-q", ".name", specs=[{"url": "users/1"}, {"url": "users/3"}])
    assert result.returncode == 0, result.stderr.decode()
    assert [line["body"] for line in output(result)] == ["Ada", "Alan"]


def test_posts_create_items_concurrently(tmp_path_factory, mock):
    specs = [{"method": "POST", "url": "users", "body": {"name": f"user{i}"}} for i in range(20)]
    result = batch("--base", mock, "--parallel", "8", specs=specs)
    assert result.returncode == 0, result.stderr.decode()
    assert [line["status"] for line in output(result)] == [201] * 20
    listing = output(batch("--base", mock, specs=[{"url": "users"}]))[0]["body"]
    names = {user["name"] for user in listing}
    assert {f"user{i}" for i in range(20)} <= names


def test_bad_lines_report_their_line_number_and_the_rest_still_run(httpbin):
    specs = [{"url": f"{httpbin}/get"}, '{"url": ', "", "   ", {"url": "x", "nope": 1}, '["x"]', {"url": f"{httpbin}/get"}]
    result = batch(specs=specs)
    assert result.returncode == 2
    lines = output(result)
    assert [line["index"] for line in lines] == [0, 1, 2, 3, 4]
    assert lines[0]["status"] == 200 and lines[4]["status"] == 200
    assert lines[1] == {"index": 1, "line": 2, "error": "line 2: invalid JSON at column 9: unexpected end of input"}
    assert lines[2] == {
        "index": 2, "line": 5, "error": 'line 5: unknown key "nope" (expected method, url, headers, query, body)'}
    assert lines[3]["line"] == 6 and "expected an object" in lines[3]["error"]


def test_exit_status_is_the_worst_failure(httpbin):
    cases = [
        ([f"{httpbin}/status/200", f"{httpbin}/status/204"], 0),
        ([f"{httpbin}/status/404", f"{httpbin}/status/200"], 4),
        ([f"{httpbin}/status/404", f"{httpbin}/status/503", f"{httpbin}/status/200"], 5),
    ]
    for urls, status in cases:
        result = batch(specs=[{"url": url} for url in urls])
        assert result.returncode == status, (urls, result.stderr.decode())
        assert [line["status"] for line in output(result)] == [int(url.rsplit("/", 1)[1]) for url in urls]
    assert batch("--ok", "404", specs=[{"url": f"{httpbin}/status/404"}]).returncode == 0


def test_connection_refused_is_the_lines_error(closed_port, httpbin):
    result = batch(specs=[{"url": f"http://127.0.0.1:{closed_port}/x"}, {"url": f"{httpbin}/get"}])
    assert result.returncode == 1
    refused, ok = output(result)
    assert list(refused) == ["index", "error"] and refused["index"] == 0 and refused["error"]
    assert ok["status"] == 200


def test_fail_fast_starts_nothing_after_the_first_failure(closed_port):
    specs = [{"url": f"http://127.0.0.1:{closed_port}/{i}"} for i in range(10)]
    result = batch("--parallel", "1", "--fail-fast", specs=specs)
    assert result.returncode == 1
    assert [line["index"] for line in output(result)] == [0]
    without = batch("--parallel", "1", specs=specs)
    assert [line["index"] for line in output(without)] == list(range(10))


def test_retries_apply_per_request(httpbin):
    specs = [{"url": f"{httpbin}/status/503"}, {"url": f"{httpbin}/get"}]
    result = batch("--retry", "2", specs=specs)
    assert result.returncode == 5
    assert [line["status"] for line in output(result)] == [503, 200]
    stderr = result.stderr.decode()
    assert "retry 1/2" in stderr and "retry 2/2" in stderr and "retry 3/2" not in stderr


def test_reads_a_file_and_stays_quiet_on_stderr(tmp_path, httpbin):
    specs = tmp_path / "specs.ndjson"
    specs.write_text(f'{{"url": "{httpbin}/get"}}\r\n\n{{"url": "{httpbin}/get"}}')  # CRLF, no final newline
    result = run_api("batch", str(specs), "--rate", "1000")
    assert result.returncode == 0, result.stderr.decode()
    assert [line["index"] for line in output(result)] == [0, 1]
    assert result.stderr == b""  # no progress or summary when stderr is not a terminal and without -v
    missing = run_api("batch", str(tmp_path / "missing.ndjson"))
    assert missing.returncode == 2
    assert b"missing.ndjson" in missing.stderr
