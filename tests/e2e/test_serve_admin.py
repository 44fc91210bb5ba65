"""The mock server for test suites, under `/__api/`: the request journal, fault injection (`--fail`, `--jitter`,
`X-Api-Mock`), `--auth`, the OpenAPI document (checked by Schemathesis) and `--no-admin`. The real binary, with curl
and `api` as clients."""
import base64
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import API_BIN, run_api
from test_serve import DEMO, curl, server, start  # noqa: F401 - server is a fixture

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")


def journal(server, query=""):
    reply = server.curl("/__api/requests" + query)
    assert reply.status == 200, reply
    return reply.json


# ------------------------------------------------------------------------------------------------------ journal


def test_journal_records_requests_oldest_first(tmp_path, api_bin):
    server = start(tmp_path)
    try:
        server.curl("/users?city=London&city=Paris", headers=["X-Trace: 1"])
        server.curl("/users/1")  # answered on the event loop: journaled too
        server.curl("/users", method="POST", body={"name": "Lin"}, headers=[
            "Authorization: Bearer s3cret", "Cookie: session=abc"])
        entries = journal(server)
        assert [e["method"] for e in entries] == ["GET", "GET", "POST"]
        assert [e["seq"] for e in entries] == [1, 2, 3]
        first, second, post = entries
        assert list(first) == ["seq", "time", "method", "path", "query", "headers", "body", "status", "ms"]
        assert first["path"] == "/users"
        assert first["query"] == {"city": ["London", "Paris"]}
        assert first["headers"]["x-trace"] == "1"
        assert first["body"] is None and first["status"] == 200
        assert first["time"].endswith("Z") and first["time"][10] == "T"
        assert isinstance(first["ms"], (int, float)) and first["ms"] >= 0
        assert second["path"] == "/users/1" and second["status"] == 200
        assert post["body"] == {"name": "Lin"}
        assert post["status"] == 201
        assert post["headers"]["authorization"] == "[redacted]"
        assert post["headers"]["cookie"] == "[redacted]"
        assert "s3cret" not in json.dumps(entries) and "session=abc" not in json.dumps(entries)
        # the journal's own requests are not journaled
        assert len(journal(server)) == 3
    finally:
        server.stop()
    assert "s3cret" not in server.stderr()


def test_journal_filters_clear_and_since(server):
    server.curl("/users", method="POST", body={"name": "a"})
    server.curl("/users/1", method="PATCH", body={"age": 1})
    server.curl("/posts")
    assert [e["path"] for e in journal(server, "?method=post")] == ["/users"]
    assert [e["path"] for e in journal(server, "?path=/users*")] == ["/users", "/users/1"]
    assert [e["path"] for e in journal(server, "?path=/users")] == ["/users"]
    assert [e["seq"] for e in journal(server, "?since=2")] == [3]
    cleared = server.curl("/__api/requests", method="DELETE")
    assert cleared.status == 204
    assert journal(server) == []
    server.curl("/posts")
    assert [e["seq"] for e in journal(server)] == [4]  # numbers go on after a clear
    for query, message in [("?since=x", "since must be a sequence number"),
                           ("?since=99999999999999999999", "since must be a sequence number"),
                           ("?order=asc", "unknown query parameter 'order'")]:
        bad = server.curl("/__api/requests" + query)
        assert bad.status == 400
        assert bad.json["error"].startswith(message)


def test_journal_size_and_off(tmp_path, api_bin):
    (tmp_path / "a").mkdir()
    small = start(tmp_path / "a", "--journal", "2")
    try:
        for path in ["/users", "/posts", "/comments"]:
            small.curl(path)
        assert [e["path"] for e in journal(small)] == ["/posts", "/comments"]
    finally:
        small.stop()
    (tmp_path / "b").mkdir()
    off = start(tmp_path / "b", "--journal", "0")
    try:
        off.curl("/users")
        assert journal(off) == []
    finally:
        off.stop()


def test_journal_keeps_the_first_64k_of_a_body(tmp_path, api_bin):
    server = start(tmp_path)
    try:
        big = "x" * (70 * 1024)
        server.curl("/notes", method="POST", body={"text": big})
        entry = journal(server)[-1]
        assert entry["bodyTruncated"] is True
        assert isinstance(entry["body"], str) and len(entry["body"]) == 64 * 1024
        server.curl("/users/1", method="PATCH", body="not json", headers=["Content-Type: text/plain"])
        assert journal(server)[-1]["body"] == "not json"
    finally:
        server.stop()


def test_api_client_reads_the_journal(server):
    result = run_api("post", server.url + "/users", "name=Ann")
    assert result.returncode == 0, result.stderr
    result = run_api("get", server.url + "/__api/requests", "method==POST", "--query", ".[0].body.name")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == '"Ann"'


# ------------------------------------------------------------------------------------------------------- faults


def test_fail_rate_one_answers_every_request_and_changes_nothing(tmp_path, api_bin):
    server = start(tmp_path, "--fail", "1")
    try:
        reply = server.curl("/users", method="POST", body={"name": "x"})
        assert reply.status == 503
        assert reply.header("Content-Type") == "application/json; charset=utf-8"
        assert "injected failure" in reply.json["error"]
        assert server.curl("/users/1").status == 503
        assert server.curl("/users/1", method="DELETE").status == 503
        assert server.curl("/users", method="OPTIONS").status == 204
        assert server.curl("/__api/requests").status == 200  # admin is never faulted
        assert server.stored() == DEMO
        assert [e["status"] for e in journal(server)] == [503, 503, 503, 204]
    finally:
        server.stop()


def test_fail_status_and_zero_rate(tmp_path, api_bin):
    (tmp_path / "a").mkdir()
    server = start(tmp_path / "a", "--fail", "1", "--fail-status", "429")
    try:
        assert server.curl("/users").status == 429
    finally:
        server.stop()
    (tmp_path / "b").mkdir()
    server = start(tmp_path / "b", "--fail", "0", "--jitter", "5")
    try:
        assert all(server.curl("/users/1").status == 200 for _ in range(5))
    finally:
        server.stop()


@pytest.mark.file_only
@pytest.mark.parametrize("args, message", [
    (["--fail", "1.5"], "bad --fail '1.5': expected a share of requests from 0 to 1"),
    (["--fail", "-0.1"], "bad --fail '-0.1'"),
    (["--fail-status", "200"], "bad --fail-status '200': expected an HTTP status from 400 to 599"),
    (["--jitter", "99999999999999999999"], "bad --jitter"),
    (["--journal", "-1"], "bad --journal '-1'"),
    (["--auth", "token"], "bad --auth for serve: expected bearer:TOKEN or basic:USER:PASS"),
    (["--auth", "basic:user"], "bad --auth for serve"),
    (["--fks", ""], "bad --fks ''"),
])
def test_bad_serve_options_are_usage_errors(tmp_path, api_bin, args, message):
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--port", "0", *args)
    assert result.returncode == 2
    assert message in result.stderr.decode(), result.stderr.decode()


def test_x_api_mock_status(server):
    forced = server.curl("/users/1", headers=["X-Api-Mock: status=500"])
    assert forced.status == 500
    assert forced.json == {"error": "status 500 forced by the X-Api-Mock header"}
    write = server.curl("/users", method="POST", body={"name": "x"}, headers=["X-Api-Mock: status=503"])
    assert write.status == 503
    assert server.stored() == DEMO
    assert server.curl("/users", headers=["X-Api-Mock: status=204"]).status == 204
    assert server.curl("/users/1").status == 200


def test_x_api_mock_delay_then_normal_answer(server):
    reply = server.curl("/users/1", headers=["X-Api-Mock: delay=50"])
    assert reply.status == 200
    assert reply.json == DEMO["users"][0]
    combined = server.curl("/users/1", headers=["X-Api-Mock: delay=10, status=502"])
    assert combined.status == 502


def test_x_api_mock_drop_closes_without_answering(server):
    result = subprocess.run(
        ["curl", "-sS", "--max-time", "30", "-H", "X-Api-Mock: drop", server.url + "/users/1"],
        capture_output=True)
    assert result.returncode == 52, result  # curl: empty reply from server
    assert server.curl("/users/1").status == 200  # the server goes on
    assert journal(server)[0]["status"] is None


@pytest.mark.parametrize("header, message", [
    ("status=99", "bad X-Api-Mock header: status must be an HTTP status from 200 to 599, got '99'"),
    ("status=99999999999999999999", "bad X-Api-Mock header: status must be"),
    ("delay=-1", "bad X-Api-Mock header: delay must be milliseconds from 0 to 3600000, got '-1'"),
    ("explode", "bad X-Api-Mock header: unknown directive 'explode'"),
])
def test_bad_x_api_mock_is_400(server, header, message):
    reply = server.curl("/users", headers=[f"X-Api-Mock: {header}"])
    assert reply.status == 400
    assert reply.json["error"].startswith(message)


# --------------------------------------------------------------------------------------------------------- auth


def test_bearer_auth(tmp_path, api_bin):
    server = start(tmp_path, "--auth", "bearer:t0ken")
    try:
        missing = server.curl("/users")
        assert missing.status == 401
        assert missing.header("WWW-Authenticate") == 'Bearer realm="api serve --mock"'
        assert missing.json["error"].startswith("authentication required")
        wrong = server.curl("/users/1", headers=["Authorization: Bearer nope!"])
        assert wrong.status == 401
        assert "not accepted" in wrong.json["error"]
        assert server.curl("/users/1", headers=["Authorization: Bearer t0ken"]).status == 200
        assert server.curl("/users", headers=["Authorization: bearer t0ken"]).status == 200
        assert server.curl("/users", method="OPTIONS").status == 204
        assert server.curl("/__api/requests").status == 200
        denied = server.curl("/users", method="POST", body={"name": "x"})
        assert denied.status == 401
        assert server.stored() == DEMO
        ok = run_api("get", server.url + "/users/2", "--bearer", "t0ken")
        assert ok.returncode == 0 and json.loads(ok.stdout)["name"] == "Grace"
        assert "t0ken" not in json.dumps(journal(server))
    finally:
        server.stop()
    assert "t0ken" not in server.stderr()


def test_basic_auth(tmp_path, api_bin):
    server = start(tmp_path, "--auth", "basic:ada:pa:ss")
    try:
        reply = server.curl("/users")
        assert reply.status == 401
        assert reply.header("WWW-Authenticate").startswith('Basic realm="api serve --mock"')
        assert server.curl("/users", "-u", "ada:pa:ss").status == 200
        assert server.curl("/users", "-u", "ada:wrong").status == 401
        ok = run_api("get", server.url + "/users/1", "--auth", "ada:pa:ss")
        assert ok.returncode == 0, ok.stderr
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------- admin and index


def test_admin_index_and_no_admin(tmp_path, api_bin):
    (tmp_path / "a").mkdir()
    server = start(tmp_path / "a")
    try:
        listing = server.curl("/__api")
        assert listing.status == 200
        assert {"method": "GET", "path": "/__api/openapi.json"} in [
            {k: e[k] for k in ("method", "path")} for e in listing.json]
        assert server.curl("/__api/nothing").status == 404
        assert server.curl("/__api/requests", method="POST", body={}).status == 405
        assert "/__api/requests" in server.curl("/").body.decode()
    finally:
        server.stop()
    (tmp_path / "b").mkdir()
    server = start(tmp_path / "b", "--no-admin")
    try:
        assert server.curl("/__api/requests").status == 404
        assert server.curl("/__api/openapi.json").status == 404
        assert "/__api/" not in server.curl("/").body.decode()
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------------ OpenAPI


def test_openapi_document_follows_the_data(server):
    document = server.curl("/__api/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) >= {"/users", "/users/{id}", "/posts", "/posts/{id}", "/profile"}
    users = document["components"]["schemas"]["R_users"]
    assert users["type"] == "object"
    assert users["properties"]["age"] == {"type": "integer"}
    assert users["required"] == ["id", "name", "city", "age"]
    posts = document["components"]["schemas"]["R_posts"]
    assert posts["properties"]["userId"] == {"type": ["string", "integer"]}
    assert document["paths"]["/users/{id}"]["parameters"][0]["schema"] == {"type": "integer"}
    assert set(document["paths"]["/users"]) == {"get", "post"}
    assert set(document["paths"]["/profile"]) == {"get", "put", "patch"}
    server.curl("/users/1", method="PATCH", body={"nickname": "ada"})
    again = server.curl("/__api/openapi.json").json["components"]["schemas"]["R_users"]
    assert again["properties"]["nickname"] == {"type": "string"}
    assert "nickname" not in again["required"]


def test_schemathesis_finds_no_failure(tmp_path, api_bin):
    """Schemathesis (PyPI) against the running server with schema-conforming data, a fixed seed and a bounded number
    of examples: no server error, and every status, content type and body as the document says."""
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        pytest.fail("schemathesis is not installed: make test-deps installs it")
    server = start(tmp_path)
    try:
        # through the interpreter, so the console script's folder need not be on PATH
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", server.url + "/__api/openapi.json", "--url", server.url,
             "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
             "response_schema_conformance",
             "--mode", "positive", "--phases", "examples,fuzzing", "--max-examples", "25", "--seed", "1",
             "--no-color", "--workers", "1"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    finally:
        server.stop()


def test_admin_is_behind_the_host_check(server):
    # a web page reaching the server by DNS rebinding must not read the journal (it holds what others sent)
    server.curl("/users")
    for path in ["/__api/requests", "/__api/openapi.json"]:
        reply = server.curl(path, headers=["Host: evil.test"])
        assert reply.status == 421, reply
    assert server.curl("/__api/requests", method="DELETE", headers=["Host: evil.test"]).status == 421
    assert len(journal(server)) == 1
