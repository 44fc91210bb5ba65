"""Credentials go only to the origin (scheme, host, port) they were given for: next pages, redirects and batch
lines on another origin get none of them, and a notice on stderr says so. Two recording servers on 127.0.0.1 differ
only by port, which is enough to be another origin."""
import json
import urllib.parse

import pytest

from conftest import run_api
from recording_server import RecordingServer

SECRETS = ("authorization", "x-api-key", "cookie", "x-team-token")


@pytest.fixture
def origins():
    first, second = RecordingServer(), RecordingServer()
    yield first, second
    first.close()
    second.close()


def with_profile(tmp_path):
    """A config whose profile sends a custom API-key header and a bearer token."""
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"profiles": {"work": {"headers": {"X-Team-Token": "profile-secret"},
                                                         "auth": {"bearer": "profile-token"}}}}))
    return {"API_CONFIG": str(config), "API_PROFILE": "work"}


def pages_url(server, next_url):
    return f"{server.url}/pages?" + urllib.parse.urlencode({"next": next_url, "n": "1"})


def secrets_in(headers):
    return {name: headers[name] for name in SECRETS if name in headers}


@pytest.mark.parametrize("how", [[], ["--next-url", ".[0].next_url"]], ids=["link-header", "next-url"])
def test_paginate_drops_credentials_on_another_origin(origins, how):
    first, second = origins
    result = run_api("get", pages_url(first, f"{second.url}/pages?n=2"), "--paginate", *how, "--bearer", "T0KEN",
                     "X-Api-Key:k3y", "Cookie:session=s3cret")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"page": "1", "next_url": f"{second.url}/pages?n=2"}, {"page": "2"}]
    assert secrets_in(first.headers("/pages")[0]) == {
        "authorization": "Bearer T0KEN", "x-api-key": "k3y", "cookie": "session=s3cret"}
    assert secrets_in(second.headers("/pages")[0]) == {}
    notices = [line for line in result.stderr.decode().splitlines() if "not sending" in line]
    assert len(notices) == 1
    assert second.url.split("//")[1] in notices[0] and "--follow-any-origin" in notices[0]


def test_paginate_drops_basic_auth_and_profile_headers(origins, tmp_path):
    first, second = origins
    result = run_api("get", pages_url(first, f"{second.url}/pages?n=2"), "--paginate", env=with_profile(tmp_path))
    assert result.returncode == 0, result.stderr
    assert secrets_in(first.headers("/pages")[0]) == {
        "authorization": "Bearer profile-token", "x-team-token": "profile-secret"}
    assert secrets_in(second.headers("/pages")[0]) == {}

    result = run_api("get", pages_url(first, f"{second.url}/pages?n=2"), "--paginate", "-a", "ann:pw")
    assert result.returncode == 0, result.stderr
    assert first.headers("/pages")[1]["authorization"].startswith("Basic ")
    assert "authorization" not in second.headers("/pages")[1]


def test_paginate_same_origin_and_consent_keep_credentials(origins):
    first, second = origins
    same = run_api("get", pages_url(first, f"{first.url}/pages?n=2"), "--paginate", "--bearer", "T0KEN")
    assert same.returncode == 0 and b"not sending" not in same.stderr
    assert [h.get("authorization") for h in first.headers("/pages")] == ["Bearer T0KEN"] * 2

    anywhere = run_api("get", pages_url(first, f"{second.url}/pages?n=2"), "--paginate", "--bearer", "T0KEN",
                       "--follow-any-origin")
    assert anywhere.returncode == 0 and b"not sending" not in anywhere.stderr
    assert second.headers("/pages")[0].get("authorization") == "Bearer T0KEN"


@pytest.mark.parametrize("status", [302, 307])
def test_redirect_to_another_origin_drops_credentials(origins, tmp_path, status):
    first, second = origins
    target = f"{first.url}/redirect?" + urllib.parse.urlencode({"to": f"{second.url}/landed", "status": status})
    result = run_api("get", target, "--follow", "X-Api-Key:k3y", "Cookie:c=1", env=with_profile(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"received": 0}
    assert secrets_in(first.headers("/redirect")[0]) == {
        "authorization": "Bearer profile-token", "x-team-token": "profile-secret", "x-api-key": "k3y",
        "cookie": "c=1"}
    assert secrets_in(second.headers("/landed")[0]) == {}
    assert b"not sending" in result.stderr

    basic = run_api("get", target, "--follow", "-a", "ann:pw")
    assert basic.returncode == 0, basic.stderr
    assert "authorization" not in second.headers("/landed")[1]


def test_redirect_on_the_same_origin_keeps_credentials(origins):
    first, _ = origins
    target = f"{first.url}/redirect?" + urllib.parse.urlencode({"to": "/landed"})
    result = run_api("get", target, "--follow", "--bearer", "T0KEN", "X-Api-Key:k3y")
    assert result.returncode == 0, result.stderr
    assert secrets_in(first.headers("/landed")[0]) == {"authorization": "Bearer T0KEN", "x-api-key": "k3y"}


def test_redirect_with_consent_keeps_credentials(origins):
    first, second = origins
    target = f"{first.url}/redirect?" + urllib.parse.urlencode({"to": f"{second.url}/landed"})
    result = run_api("get", target, "--follow", "--follow-any-origin", "--bearer", "T0KEN", "X-Api-Key:k3y")
    assert result.returncode == 0, result.stderr
    assert secrets_in(second.headers("/landed")[0]) == {"authorization": "Bearer T0KEN", "x-api-key": "k3y"}


def test_batch_line_on_another_origin_gets_no_credentials(origins, tmp_path):
    first, second = origins
    specs = "\n".join(json.dumps(s) for s in [{"url": "here"}, {"url": f"{second.url}/there"}]) + "\n"
    result = run_api("batch", "--base", first.url, "--bearer", "T0KEN", "-H", "X-Api-Key: k3y", input=specs.encode())
    assert result.returncode == 0, result.stderr
    assert secrets_in(first.headers("/here")[0]) == {"authorization": "Bearer T0KEN", "x-api-key": "k3y"}
    assert secrets_in(second.headers("/there")[0]) == {}
    assert result.stderr.decode().count("not sending") == 1

    consent = run_api("batch", "--base", first.url, "--bearer", "T0KEN", "--follow-any-origin", input=specs.encode())
    assert consent.returncode == 0, consent.stderr
    assert second.headers("/there")[1].get("authorization") == "Bearer T0KEN"


def test_batch_redirect_to_another_origin_drops_credentials(origins, tmp_path):
    first, second = origins
    away = "redirect?" + urllib.parse.urlencode({"to": f"{second.url}/landed", "status": 307})
    home = "redirect?" + urllib.parse.urlencode({"to": "/landed"})
    specs = "\n".join(json.dumps({"url": url}) for url in [away, home]) + "\n"
    result = run_api("batch", "--base", first.url, "--follow", "-H", "X-Api-Key: k3y", input=specs.encode(),
                     env=with_profile(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == [200, 200]
    assert secrets_in(second.headers("/landed")[0]) == {}
    assert secrets_in(first.headers("/landed")[0]) == {
        "authorization": "Bearer profile-token", "x-team-token": "profile-secret", "x-api-key": "k3y"}
    assert result.stderr.decode().count("not sending") == 1

    consent = run_api("batch", "--base", first.url, "--follow", "--follow-any-origin", "-H", "X-Api-Key: k3y",
                      input=specs.encode(), env=with_profile(tmp_path))
    assert consent.returncode == 0, consent.stderr
    assert secrets_in(second.headers("/landed")[1]) == {
        "authorization": "Bearer profile-token", "x-team-token": "profile-secret", "x-api-key": "k3y"}


@pytest.mark.parametrize("credentials", [[], ["--bearer", "T0KEN"]], ids=["by-libcurl", "hop-by-hop"])
@pytest.mark.parametrize("scheme", ["ftp", "file"])
def test_a_redirect_to_another_protocol_is_not_followed(origins, credentials, scheme):
    """libcurl's default would follow `Location: ftp://…`; we speak HTTP(S) only. The second server would see the
    FTP client's connection (it never gets one: no request is recorded there)."""
    first, second = origins
    host_port = second.url.split("//")[1]
    to = f"ftp://{host_port}/landed" if scheme == "ftp" else "file:///etc/passwd"
    target = f"{first.url}/redirect?" + urllib.parse.urlencode({"to": to})
    result = run_api("get", target, "--follow", *credentials, timeout=30)
    assert result.returncode == 2, result.stderr  # a bad URL, as on the command line
    assert result.stdout == b""
    stderr = result.stderr.decode()
    assert stderr.startswith("api: bad URL: ") and stderr.count("\n") == 1 and scheme in stderr, stderr
    assert second.requests == []

    batch = run_api("batch", "--base", first.url, "--follow", *credentials, timeout=30,
                    input=(json.dumps({"url": target}) + "\n").encode())
    line = json.loads(batch.stdout)
    assert "error" in line and scheme in line["error"], line
    assert second.requests == []


def test_a_redirect_to_a_bad_url_names_it(origins):
    first, _ = origins
    target = f"{first.url}/redirect?" + urllib.parse.urlencode({"to": "http://127.0.0.1:99999/x"})
    result = run_api("get", target, "--follow", "--bearer", "T0KEN")
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "api: bad URL: redirect to http://127.0.0.1:99999/x: bad port '99999': expected 0 to 65535 "
        f"(GET {target})\n")
