"""Scripting features of the built binary: profiles, retries, pagination, the built-in query, streaming, downloads.
Real servers only: httpbin under gunicorn, `api serve --mock`, and a tiny harness server for scripted failures."""
import http.server
import json
import os
import shutil
import subprocess
import threading

import pytest

from conftest import run_api
from test_serve import Server

PEOPLE = {"users": [{"id": i, "name": f"user{i}", "age": 20 + i} for i in range(1, 26)]}


@pytest.fixture
def mock(tmp_path, api_bin):
    server = Server(tmp_path, PEOPLE, "--quiet")
    yield server
    server.stop()


class Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 (with Retry-After: 0) for the first `failures` requests of a path, then 200."""

    counts: dict = {}
    failures = 2

    def do_GET(self):  # noqa: N802 - http.server's naming
        count = Flaky.counts.get(self.path, 0) + 1
        Flaky.counts[self.path] = count
        if count <= Flaky.failures:
            body = b'{"error":"busy"}'
            self.send_response(503)
            self.send_header("Retry-After", "0")
        else:
            body = json.dumps({"attempt": count}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Flaky.counts = {}
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# Retries

def test_retry_until_success_prints_only_the_final_body(flaky):
    result = run_api("get", f"{flaky}/a", "--retry", "3")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"attempt": 3}
    lines = result.stderr.decode().splitlines()
    assert lines == [
        "api: 503 Service Unavailable, retry 1/3 in 0.0s",
        "api: 503 Service Unavailable, retry 2/3 in 0.0s",
    ]


def test_retries_exhausted_exit_with_last_status(flaky):
    result = run_api("get", f"{flaky}/b", "--retry", "1")
    assert result.returncode == 5
    assert json.loads(result.stdout) == {"error": "busy"}


def test_post_is_not_retried_unless_asked(flaky):
    assert run_api("post", f"{flaky}/c", "--retry", "3").returncode == 5
    assert Flaky.counts["/c"] == 1
    retried = run_api("post", f"{flaky}/d", "--retry", "3", "--retry-all-methods")
    assert retried.returncode == 0


def test_retry_after_header_from_httpbin(httpbin):
    result = run_api("get", f"{httpbin}/status/503", "--retry", "1", "--retry-max-time", "30")
    assert result.returncode == 5
    assert b"retry 1/1" in result.stderr


def test_retry_connection_refused(closed_port):
    result = run_api("get", f"http://127.0.0.1:{closed_port}/", "--retry", "2", "--retry-max-time", "5")
    assert result.returncode == 1
    assert result.stderr.count(b"retry ") == 2


# Profiles

def write_config(tmp_path, config):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    return {"API_CONFIG": str(path)}


def test_profile_supplies_base_headers_and_secret_from_env(tmp_path, httpbin):
    env = write_config(tmp_path, {
        "default": "local",
        "profiles": {
            "local": {"base": "http://127.0.0.1:1"},
            "bin": {"base": httpbin, "headers": {"X-Team": "core"}, "auth": {"bearer": "$BIN_TOKEN"}, "timeout": 10},
        },
    })
    result = run_api("get", "headers", "--profile", "bin", env={**env, "BIN_TOKEN": "s3cret"})
    headers = json.loads(result.stdout)["headers"]
    assert headers["X-Team"] == "core"
    assert headers["Authorization"] == "Bearer s3cret"
    # The command line wins over the profile.
    override = run_api("get", "headers", "X-Team:cli", env={**env, "API_PROFILE": "bin", "BIN_TOKEN": "t"})
    assert json.loads(override.stdout)["headers"]["X-Team"] == "cli"


def test_profile_missing_variable_is_a_usage_error(tmp_path):
    env = write_config(tmp_path, {"profiles": {"p": {"base": "http://x.test", "auth": {"bearer": "$NOPE_TOKEN"}}}})
    result = run_api("get", "users", "--profile", "p", "--offline", env=env)
    assert result.returncode == 2
    assert b"$NOPE_TOKEN" in result.stderr and b"not set" in result.stderr


def test_invalid_config_names_file_line_column(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{\n  "profiles": {,}\n}\n')
    result = run_api("get", "users", "--offline", env={"API_CONFIG": str(path)})
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"api: {path}:2:")


def test_profiles_command_lists_without_secrets(tmp_path):
    env = write_config(tmp_path, {
        "default": "b",
        "profiles": {"a": {"base": "http://a.test"}, "b": {"base": "http://b.test", "auth": {"bearer": "hunter2"}}},
    })
    result = run_api("profiles", env=env)
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "  a  http://a.test" in text and "* b  http://b.test" in text
    assert "hunter2" not in text


def test_unknown_profile(tmp_path):
    env = write_config(tmp_path, {"profiles": {"a": {"base": "http://a.test"}}})
    result = run_api("get", "x", "--profile", "zz", env=env)
    assert result.returncode == 2
    assert b"unknown profile 'zz' (known: a)" in result.stderr


# Pagination against the mock server

def test_paginate_follows_link_headers_and_merges(mock):
    result = run_api("get", f"{mock.url}/users?_page=1&_per_page=10", "--paginate")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == list(range(1, 26))


def test_paginate_query_applies_to_merged_result(mock):
    result = run_api("get", f"{mock.url}/users?_page=1&_per_page=7", "--paginate", "-q", "length")
    assert result.stdout == b"25\n"


def test_paginate_ndjson_and_max_pages(mock):
    result = run_api("get", f"{mock.url}/users?_page=1&_per_page=10", "--paginate", "--ndjson", "--max-pages", "2")
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 20
    assert json.loads(lines[0])["id"] == 1


def test_paginate_envelope_without_link(mock, tmp_path):
    # --items/--next-url for APIs that put the cursor in the body (here json-server's own envelope fields).
    result = run_api("get", f"{mock.url}/users?_page=2&_per_page=10", "--paginate", "--items", ".data", "-q", ".[0].id")
    assert result.stdout == b"11\n"


# Query

@pytest.mark.parametrize("expression", [
    ".slideshow.title", ".slideshow.slides | length", ".slideshow.slides[].title",
    "[.slideshow.slides[] | select(.type == \"all\") | .title]", ".slideshow | keys", "{title: .slideshow.title}",
    # jq's full language (expressions where jq 1.6, the system's jq, and 1.8 agree)
    "reduce .slideshow.slides[] as $s (0; . + 1)", ".slideshow as {author: $a, title: $t} | \"\\($t) by \\($a)\"",
    ".slideshow.slides | sort_by(.title) | map(.title)", ".slideshow.slides | group_by(.type) | map(length)",
    ".slideshow | to_entries | map(.key)", ".slideshow.title | @base64", ".slideshow.slides[].title | test(\"^W\")",
    ".slideshow.title | gsub(\"[aeiou]\"; \"_\")", "[paths | length] | max", "del(.slideshow.slides) | .slideshow",
    "[limit(1; .slideshow.slides[])] | length", "def twice(f): f | f; [2 | twice(. * 3)]", ".slideshow.date |= \"x\"",
    "[.. | strings] | length", "try error(\"x\") catch .", "[.slideshow.slides[] | .items // [] | length]",
])
def test_query_matches_jq(httpbin, expression):
    ours = run_api("get", f"{httpbin}/json", "-q", expression)
    body = run_api("get", f"{httpbin}/json").stdout
    jq = subprocess.run(["jq", "-c", expression], input=body, capture_output=True)
    assert ours.returncode == 0, ours.stderr
    assert [json.loads(line) for line in ours.stdout.splitlines()] == [
        json.loads(line) for line in jq.stdout.splitlines()]


def test_query_raw_strings(httpbin):
    result = run_api("get", f"{httpbin}/json", "-q", ".slideshow.slides[].title", "-r")
    assert result.stdout.decode().splitlines() == ["Wake up to WonderWidgets!", "Overview"]


def test_query_syntax_error_is_exit_2_with_caret(httpbin):
    result = run_api("get", f"{httpbin}/json", "-q", ".a | foo(1)")
    assert result.returncode == 2
    text = result.stderr.decode()
    assert "foo/1 is not defined" in text
    lines = text.splitlines()
    expression = next(line for line in lines if line.strip() == ".a | foo(1)")
    assert lines[lines.index(expression) + 1].index("^") == expression.index("foo")


def test_query_runtime_error_prints_outputs_then_message_exit_2(httpbin):
    result = run_api("get", f"{httpbin}/json", "-q", ".slideshow.title, error(\"stop\"), 3")
    assert result.returncode == 2
    assert result.stdout.decode().splitlines() == ['"Sample Slide Show"']
    assert "api: --query: stop" in result.stderr.decode()


def test_query_arg_argjson_args(httpbin):
    result = run_api(
        "get", f"{httpbin}/json", "--arg", "who=ann", "--argjson", "n={\"a\":[1,2]}", "--args", "x", "--args", "y",
        "-q", "[$who, $n.a[1], $ARGS.positional, $ARGS.named.who]")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["ann", 2, ["x", "y"], "ann"]
    bad = run_api("get", f"{httpbin}/json", "--argjson", "n={", "-q", "$n")
    assert bad.returncode == 2
    assert "--argjson n" in bad.stderr.decode()


def test_query_on_stream_of_values(httpbin):
    result = run_api("get", f"{httpbin}/stream/5", "-q", ".id")
    assert result.stdout.decode().split() == ["0", "1", "2", "3", "4"]


def test_stream_flag_prints_lines(httpbin):
    result = run_api("get", f"{httpbin}/stream/3", "--stream")
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["id"] for line in lines] == [0, 1, 2]


# Downloads

def test_download_names_file_from_url_and_resumes(httpbin, tmp_path):
    result = run_api("get", f"{httpbin}/bytes/2048", "-d", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "2048").stat().st_size == 2048
    again = run_api("get", f"{httpbin}/bytes/2048", "-d", cwd=tmp_path)
    assert again.returncode == 0
    assert (tmp_path / "2048-1").exists()


def test_continue_resumes_with_range(httpbin, tmp_path):
    full = tmp_path / "full"
    assert run_api("get", f"{httpbin}/range/5000", "-o", str(full)).returncode == 0
    partial = tmp_path / "partial"
    partial.write_bytes(full.read_bytes()[:1234])
    result = run_api("get", f"{httpbin}/range/5000", "-o", str(partial), "-c")
    assert result.returncode == 0, result.stderr
    assert partial.read_bytes() == full.read_bytes()
