"""json-server compatibility, case by case from its own suites (v0.17.4 `__tests__/server/plural.js`, v1
`src/app.test.ts`): the real binary, driven with curl, with the status, headers and bodies json-server's tests expect
(where we differ on purpose, the test says so)."""
import json
import subprocess
import urllib.parse

import pytest

from test_serve import curl, pretty, start

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")

DB = {
    "posts": [{"id": 1, "body": "foo"}, {"id": 2, "body": "bar"}],
    "tags": [{"id": 1, "body": "Technology"}, {"id": 2, "body": "Photography"}, {"id": 3, "body": "photo"}],
    "comments": [
        {"id": 1, "body": "foo", "published": True, "postId": 1, "userId": 1},
        {"id": 2, "body": "bar", "published": False, "postId": 1, "userId": 2},
        {"id": 3, "body": "baz", "published": False, "postId": 2, "userId": 1},
        {"id": 4, "body": "qux", "published": True, "postId": 2, "userId": 2},
        {"id": 5, "body": "quux", "published": False, "postId": 2, "userId": 1},
    ],
    "deep": [{"a": {"b": 1}}, {"a": 1}],
    "stats": [{"id": 1, "views": 1, "title": "a"}, {"id": 2, "views": 200, "title": "b"}, {"id": 3, "done": True}],
    "profile": {"name": "typicode"},
}


@pytest.fixture
def server(tmp_path, api_bin, store):
    running = start(tmp_path, db=DB)
    yield running
    running.stop()


# ------------------------------------------------------------------------------------------ empty bodies are {}


@pytest.mark.parametrize("method, path, status", [
    ("POST", "/posts", 201),
    ("PUT", "/posts/1", 200),
    ("PATCH", "/posts/1", 200),
    ("PUT", "/profile", 200),
    ("PATCH", "/profile", 200),
    # the route's own answer is no longer hidden behind a 400 for the body
    ("PUT", "/posts/99", 404),
    ("PATCH", "/nothing/1", 404),
    ("POST", "/posts/1", 405),
])
def test_empty_body_is_an_empty_object(server, method, path, status):
    for extra in ([], ["-H", "Content-Type: application/json"]):
        reply = server.curl(path, "--data-binary", "", *extra, method=method)
        assert reply.status == status, (extra, reply)


def test_empty_post_creates_an_item_with_only_an_id(server):
    reply = server.curl("/posts", "--data-binary", "", method="POST")
    assert reply.status == 201
    assert reply.json == {"id": 3}
    assert reply.header("Location") == "/posts/3"
    assert server.curl("/posts/1", "--data-binary", "", method="PUT").json == {"id": 1}
    server.stored_soon(lambda data: data["posts"][0] == {"id": 1})


def test_whitespace_body_is_still_invalid_json(server):
    assert server.curl("/posts", body=" ", method="POST").status == 400


# -------------------------------------------------------------------------------------------- urlencoded forms


def test_urlencoded_post_keeps_values_as_strings(server):
    # plural.js "should support x-www-form-urlencoded"
    reply = server.curl("/posts", "--data", "body=foo&booleanValue=true&integerValue=1", method="POST")
    assert reply.status == 201
    assert reply.json == {"body": "foo", "booleanValue": "true", "integerValue": "1", "id": 3}
    server.stored_soon(lambda data: len(data["posts"]) > 2 and data["posts"][2] == reply.json)


def test_urlencoded_put_patch_decoding_and_repeats(server):
    patched = server.curl(
        "/posts/1", "-H", "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
        "--data-binary", "title=Hello+W%C3%B6rld&tag=a&tag=b", method="PATCH")
    assert patched.status == 200
    assert patched.json == {"id": 1, "body": "foo", "title": "Hello Wörld", "tag": ["a", "b"]}
    replaced = server.curl("/posts/2", "--data", "body=new", method="PUT")
    assert replaced.json == {"id": 2, "body": "new"}


# ------------------------------------------------------------------------------------------------------------ q


@pytest.mark.parametrize("query, ids", [
    ("q=pho", [2, 3]),          # plural.js full-text search
    ("q=nope", []),
])
def test_q_on_tags(server, query, ids):
    assert [t["id"] for t in server.curl(f"/tags?{query}").json] == ids


def test_q_matches_numbers_and_booleans(server):
    assert server.curl("/deep?q=1").json == DB["deep"]  # plural.js "deep full-text search"
    assert [s["id"] for s in server.curl("/stats?q=1").json] == [1]
    assert [s["id"] for s in server.curl("/stats?q=20").json] == [2]
    assert [s["id"] for s in server.curl("/stats?q=true").json] == [3]
    # plural.js "should support other query parameters" and "should ignore duplicate q query parameters"
    assert server.curl("/comments?q=qu&published=true").json == [DB["comments"][3]]
    assert server.curl("/comments?q=foo&q=bar").json == [DB["comments"][0]]


# -------------------------------------------------------------------------------------------------------- JSONP


def test_jsonp_callback_and_cache_buster(server):
    # plural.js "should ignore JSONP query parameters callback and _"
    reply = server.curl("/comments?callback=1&_=1")
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/javascript; charset=utf-8"
    assert reply.header("X-Content-Type-Options") == "nosniff"
    assert reply.header("ETag") is None
    text = reply.body.decode()
    assert text == f"/**/ typeof 1 === 'function' && 1({pretty(DB['comments']).rstrip()});"
    assert int(reply.header("Content-Length")) == len(reply.body)
    named = server.curl("/posts/1?callback=jQuery.cb_1%3Calert%3E")
    assert named.body.decode() == f"/**/ typeof jQuery.cb_1alert === 'function' && jQuery.cb_1alert({pretty(DB['posts'][0]).rstrip()});"
    missing = server.curl("/posts/9?callback=cb")
    assert missing.status == 404
    assert missing.body.decode().startswith("/**/ typeof cb === 'function' && cb({")


def test_lone_cache_buster_is_ignored(server):
    reply = server.curl("/posts?_=1733100000000")
    assert reply.status == 200
    assert reply.json == DB["posts"]
    assert reply.header("Content-Type").startswith("application/json")
    assert server.curl("/posts/1?_=1733100000000").json == DB["posts"][0]
    assert server.curl("/posts?_=x").status == 400  # not a timestamp: still an unknown parameter


# --------------------------------------------------------------------------------------------------------- CORS


def test_cors_with_credentials_echoes_the_origin(server):
    # plural.js GET /:resource with Origin
    reply = server.curl("/posts", headers=["Origin: http://example.com"])
    assert reply.status == 200
    assert reply.header("Access-Control-Allow-Origin") == "http://example.com"
    assert reply.header("Access-Control-Allow-Credentials") == "true"
    assert reply.header("Vary") == "Origin"
    item = server.curl("/posts/1", headers=["Origin: http://example.com"])  # the event-loop fast path too
    assert item.header("Access-Control-Allow-Origin") == "http://example.com"
    assert item.header("Access-Control-Allow-Credentials") == "true"
    preflight = server.curl("/posts", method="OPTIONS", headers=[
        "Origin: http://example.com", "Access-Control-Request-Method: POST"])
    assert preflight.status == 204
    assert preflight.header("Access-Control-Allow-Origin") == "http://example.com"
    assert preflight.header("Access-Control-Allow-Credentials") == "true"
    # without an Origin, or from an opaque origin: `*` and no credentials
    for headers in ([], ["Origin: null"]):
        plain = server.curl("/posts", headers=headers)
        assert plain.header("Access-Control-Allow-Origin") == "*"
        assert plain.header("Access-Control-Allow-Credentials") is None


def test_explicit_cors_origin_sends_no_credentials(tmp_path, api_bin):
    running = start(tmp_path, "--cors", "https://app.test", db=DB)
    try:
        reply = running.curl("/posts", headers=["Origin: http://evil.test"])
        assert reply.header("Access-Control-Allow-Origin") == "https://app.test"
        assert reply.header("Access-Control-Allow-Credentials") is None
    finally:
        running.stop()


# ------------------------------------------------------------------------------------------------------- _where


def where(server, path, condition, extra=""):
    return server.curl(f"{path}?_where={urllib.parse.quote(json.dumps(condition))}{extra}")


@pytest.mark.parametrize("condition, ids", [
    ({"or": [{"views": {"gt": 100}}, {"title": {"eq": "a"}}]}, [1, 2]),
    ({"views": {"gte": 1, "lt": 200}}, [1]),
    ({"views": {"in": [1, 200]}}, [1, 2]),
    ({"title": {"startsWith": "B"}}, [2]),
    ({"title": "b"}, [2]),
    ({"done": True}, [3]),
    ({"and": [{"views": {"ne": 1}}, {"title": {"contains": "b"}}]}, [2]),
])
def test_where(server, condition, ids):
    reply = where(server, "/stats", condition)
    assert reply.status == 200, reply
    assert [s["id"] for s in reply.json] == ids


def test_where_nested_fields_and_other_filters(server):
    assert where(server, "/deep", {"a": {"b": {"eq": 1}}}).json == [DB["deep"][0]]
    assert [s["id"] for s in where(server, "/stats", {"views": {"gt": 0}}, "&title=b").json] == [2]


@pytest.mark.parametrize("text, message", [
    ("{", "_where is not valid JSON"),
    ("[1]", "_where must be a JSON object"),
    ('{"views":{"gt":1,"between":2}}', "_where: unknown operator 'between' for 'views'"),
    ('{"or":[]}', "_where: 'or' must be a non-empty list"),
    ('{"views":{"gt":[1]}}', "_where: the operand of 'views' gt must be"),
])
def test_bad_where_is_400(server, text, message):
    reply = server.curl("/stats?_where=" + urllib.parse.quote(text))
    assert reply.status == 400
    assert reply.json["error"].startswith(message), reply.json


# ------------------------------------------------------------------------------------------------ nested routes


def test_nested_get(server):
    # plural.js GET /:parent/:parentId/:resource
    reply = server.curl("/posts/1/comments")
    assert reply.status == 200
    assert reply.json == [DB["comments"][0], DB["comments"][1]]
    assert reply.header("X-Total-Count") == "2"
    assert server.curl("/posts/2/comments?published=true").json == [DB["comments"][3]]
    assert server.curl("/posts/2/comments/4").json == DB["comments"][3]
    assert server.curl("/posts/1/comments/4").status == 404  # comment 4 belongs to post 2
    assert server.curl("/posts/9/comments").status == 404
    assert server.curl("/posts/1/nothing").status == 404


def test_nested_post_links_with_the_parent_id_type(server):
    # plural.js POST /:parent/:parentId/:resource: json-server answers {id: 6, postId: '1', body: 'foo'}; we keep the
    # parent id's own type (a number)
    reply = server.curl("/posts/1/comments", method="POST", body={"body": "foo"})
    assert reply.status == 201
    assert reply.json == {"body": "foo", "postId": 1, "id": 6}
    assert reply.header("Location") == "/comments/6"
    server.stored_soon(lambda data: data["comments"][-1] == {"body": "foo", "postId": 1, "id": 6})
    form = server.curl("/posts/2/comments", "--data", "body=bar", method="POST")
    assert form.json == {"body": "bar", "postId": 2, "id": 7}
    empty = server.curl("/posts/2/comments", "--data-binary", "", method="POST")
    assert empty.json == {"postId": 2, "id": 8}


def test_nested_put_patch_delete(server):
    assert server.curl("/posts/1/comments/2", method="PATCH", body={"body": "BAR"}).json["body"] == "BAR"
    replaced = server.curl("/posts/1/comments/2", method="PUT", body={"body": "new"})
    assert replaced.status == 200
    assert replaced.json == {"id": 2, "body": "new", "postId": 1}
    assert server.curl("/posts/2/comments/2", method="DELETE").status == 404
    assert server.curl("/posts/1/comments/2", method="DELETE").json == {"id": 2, "body": "new", "postId": 1}
    server.stored_soon(lambda data: [c["id"] for c in data["comments"]] == [1, 3, 4, 5])


def test_fks_for_nested_routes_and_embed(tmp_path, api_bin):
    db = {"posts": [{"id": 1, "title": "a"}], "comments": [{"id": 1, "post_id": 1}, {"id": 2, "post_id": 2}]}
    running = start(tmp_path, "--fks", "_id", db=db)
    try:
        # plural-with-custom-foreign-key.js
        assert running.curl("/posts/1/comments").json == [db["comments"][0]]
        assert running.curl("/posts/1?_embed=comments").json == {"id": 1, "title": "a", "comments": [db["comments"][0]]}
        assert running.curl("/posts?_embed=comments").json == [{"id": 1, "title": "a", "comments": [db["comments"][0]]}]
        assert running.curl("/comments/1?_expand=post").json == {"id": 1, "post_id": 1, "post": db["posts"][0]}
        assert running.curl("/posts/1/comments", method="POST", body={}).json == {"post_id": 1, "id": 3}
    finally:
        running.stop()


# ------------------------------------------------------------------------------------------------------ --routes


RULES = {
    "/api/*": "/$1",
    "/blog/posts/:id/show": "/posts/:id",
    "/comments/special/:userId-:body": "/comments/?userId=:userId&body=:body",
    "/firstpostwithcomments": "/posts/1?_embed=comments",
    "/articles\\?_id=:id": "/posts/:id",
}


def test_routes_rewrite_like_json_server(tmp_path, api_bin):
    routes = tmp_path / "routes.json"
    routes.write_text(json.dumps(RULES))
    running = start(tmp_path, "--routes", str(routes), db=DB)
    try:
        # plural.js "Rewriter"
        assert running.curl("/api/posts/1").json == DB["posts"][0]
        assert running.curl("/blog/posts/1/show").json == DB["posts"][0]
        assert running.curl("/firstpostwithcomments").json == {**DB["posts"][0], "comments": DB["comments"][:2]}
        assert running.curl("/comments/special/1-quux").json == [DB["comments"][4]]
        assert running.curl("/articles?_id=1").json == DB["posts"][0]
        assert running.curl("/API/posts?id=2").json == [DB["posts"][1]]  # case-insensitive, query carried by *
        rules = running.curl("/__rules")
        assert rules.status == 200
        assert rules.json == RULES
        assert list(rules.json) == list(RULES)  # in file order
        assert running.curl("/posts/1").json == DB["posts"][0]  # no rule: as before
    finally:
        running.stop()


def test_no_rules_no_rules_route(server):
    assert server.curl("/__rules").status == 404


@pytest.mark.file_only
@pytest.mark.parametrize("text, message", [
    ("[]", "the routes must be a JSON object"),
    ('{"/a": 1}', "the target of '/a' must be a string"),
    ('{"a": "/b"}', "the rule 'a' must start with /"),
    ("{", "routes.json: line 1, column 2"),
])
def test_bad_routes_file_is_a_usage_error(tmp_path, api_bin, text, message):
    from conftest import run_api
    routes = tmp_path / "routes.json"
    routes.write_text(text)
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--port", "0", "--routes", str(routes))
    assert result.returncode == 2
    assert message in result.stderr.decode(), result.stderr.decode()


def test_rules_and_rewrites_are_behind_auth(tmp_path, api_bin):
    routes = tmp_path / "routes.json"
    routes.write_text(json.dumps({"/api/*": "/$1"}))
    running = start(tmp_path, "--routes", str(routes), "--auth", "bearer:k", db=DB)
    try:
        assert running.curl("/__rules").status == 401
        assert running.curl("/api/posts/1").status == 401
        assert running.curl("/__rules", headers=["Authorization: Bearer k"]).json == {"/api/*": "/$1"}
        assert running.curl("/api/posts/1", headers=["Authorization: Bearer k"]).json == DB["posts"][0]
    finally:
        running.stop()
