"""The mock server's data as a test suite drives it: `POST /__api/reset`, named snapshots, `--id FIELD`, and the
type of new ids. The real binary, with curl as the client."""
import copy
import subprocess
import json
import signal
import threading

import pytest

from conftest import API_BIN, wait_until
from test_serve import DEMO, curl, pretty, server, start  # noqa: F401 - server is a fixture

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")


def db(server):
    reply = server.curl("/db")
    assert reply.status == 200, reply
    return reply.json


def change_everything(server):
    assert server.curl("/users", method="POST", body={"name": "Edsger"}).status == 201
    assert server.curl("/users/1", method="PATCH", body={"age": 99}).status == 200
    assert server.curl("/posts/2", method="DELETE").status == 200
    assert server.curl("/tags", method="POST", body={"name": "new"}).status == 201
    assert server.curl("/profile", method="PUT", body={"theme": "dark"}).status == 200
    assert db(server) != DEMO


# ------------------------------------------------------------------------------------------------------ reset


def test_reset_puts_back_the_data_the_server_started_with(server):
    change_everything(server)
    reset = server.curl("/__api/reset", method="POST")
    assert reset.status == 204, reset
    assert db(server) == DEMO
    assert server.curl("/users/4").status == 404  # the fast path sees the reset too
    assert server.curl("/users/1").json == DEMO["users"][0]
    assert server.curl("/tags").status == 404
    server.stored_soon(lambda data: data == DEMO)
    # the next test starts from the seed again, and writes go on as usual
    assert server.curl("/users", method="POST", body={"name": "Lin"}).json["id"] == 4


def test_reset_is_durable_at_once(tmp_path, api_bin):
    running = start(tmp_path)
    change_everything(running)
    assert running.curl("/__api/reset", method="POST").status == 204
    running.stop(signal.SIGKILL)  # acknowledged: in the journal, whether or not the file was rewritten yet
    (tmp_path / "ready").unlink()
    again = start(tmp_path, db=None)
    try:
        assert db(again) == DEMO
    finally:
        again.stop()


def test_reset_after_a_restart_goes_back_to_the_file_as_loaded(tmp_path, api_bin):
    """The file store resets to the file as this server loaded it; servers sharing a PostgreSQL database all reset
    to the same data, whichever of them is asked: the seed the database was first filled from (README)."""
    first = start(tmp_path)
    assert first.curl("/users", method="POST", body={"name": "Edsger"}).status == 201
    first.stop()
    (tmp_path / "ready").unlink()
    again = start(tmp_path, db=None)
    try:
        with_edsger = db(again)
        assert with_edsger["users"][-1]["name"] == "Edsger"
        assert again.curl("/users/1", method="DELETE").status == 200
        assert again.curl("/__api/reset", method="POST").status == 204
        assert db(again) == (DEMO if again.store.name == "postgres" else with_edsger)
    finally:
        again.stop()


@pytest.mark.file_only
def test_reset_after_a_hand_edit_goes_back_to_the_edit(server):
    edited = {"books": [{"id": 1, "title": "Dune"}]}
    server.db.write_text(pretty(edited))
    wait_until(lambda: server.curl("/books").status == 200, "reload")
    assert server.curl("/books", method="POST", body={"title": "Emma"}).status == 201
    assert server.curl("/__api/reset", method="POST").status == 204
    assert db(server) == edited


def test_reset_and_restore_are_writes(tmp_path, api_bin):
    server = start(tmp_path, "--read-only")
    try:
        assert server.curl("/__api/snapshots/a", method="POST").status == 201  # saving changes no data
        for path in ["/__api/reset", "/__api/snapshots/a/restore"]:
            refused = server.curl(path, method="POST")
            assert refused.status == 403, refused
            assert "read-only" in refused.json["error"]
    finally:
        server.stop()


# -------------------------------------------------------------------------------------------------- snapshots


def test_snapshot_save_list_restore_delete(server):
    saved = server.curl("/__api/snapshots/clean", method="POST")
    assert saved.status == 201, saved
    assert saved.headers["location"] == "/__api/snapshots/clean"
    assert saved.json["name"] == "clean"
    assert saved.json["items"] == {"users": 3, "posts": 2, "comments": 2}
    assert saved.json["created"].endswith("Z") and saved.json["created"][10] == "T"
    change_everything(server)
    changed = db(server)
    again = server.curl("/__api/snapshots/changed", method="POST")
    assert again.status == 201 and again.json["items"] == {"users": 4, "posts": 1, "comments": 2, "tags": 1}
    listed = server.curl("/__api/snapshots")
    assert listed.status == 200
    assert [s["name"] for s in listed.json] == ["clean", "changed"]
    assert server.curl("/__api/snapshots/clean").json == saved.json

    assert server.curl("/__api/snapshots/clean/restore", method="POST").status == 204
    assert db(server) == DEMO
    server.stored_soon(lambda data: data == DEMO)
    assert server.curl("/__api/snapshots/changed/restore", method="POST").status == 204
    assert db(server) == changed
    server.stored_soon(lambda data: data == changed)

    # saving a name again replaces it (200), and it keeps its place at the end
    assert server.curl("/__api/snapshots/clean", method="POST").status == 200
    assert [s["name"] for s in server.curl("/__api/snapshots").json] == ["changed", "clean"]
    assert server.curl("/__api/snapshots/changed", method="DELETE").status == 204
    for method, path in [("DELETE", "/__api/snapshots/changed"), ("POST", "/__api/snapshots/changed/restore"),
                         ("GET", "/__api/snapshots/changed")]:
        missing = server.curl(path, method=method)
        assert missing.status == 404, (method, path)
        assert missing.json == {"error": "there is no snapshot 'changed'"}


def test_a_snapshot_does_not_change_with_the_data(server):
    assert server.curl("/__api/snapshots/before", method="POST").status == 201
    assert server.curl("/users/1", method="PUT", body={"name": "Ada L."}).status == 200
    assert server.curl("/__api/snapshots/before/restore", method="POST").status == 204
    assert server.curl("/users/1").json == DEMO["users"][0]


@pytest.mark.parametrize("name", ["a%20b", "a%2Fb", "%2E%2E", "x" * 65, "%C3%A9t%C3%A9", "a%3Fb"])
def test_snapshot_names_are_plain_words(server, name):
    refused = server.curl(f"/__api/snapshots/{name}", method="POST")
    assert refused.status == 400, refused
    assert refused.json["error"].startswith("snapshot name '")
    assert "must be 1 to 64 letters, digits, '-', '_' or '.'" in refused.json["error"]
    assert server.curl("/__api/snapshots").json == []


@pytest.mark.parametrize("name", ["clean", "before-login", "v1.2_final", "x" * 64])
def test_snapshot_names_accepted(server, name):
    assert server.curl(f"/__api/snapshots/{name}", method="POST").status == 201


@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/__api/reset", "POST"),
    ("PUT", "/__api/snapshots/a", "GET, HEAD, POST, DELETE"),
    ("GET", "/__api/snapshots/a/restore", "POST"),
    ("POST", "/__api/snapshots", "GET, HEAD"),
])
def test_admin_data_methods(server, method, path, allowed):
    reply = server.curl(path, method=method)
    assert reply.status == 405, reply
    assert reply.headers["allow"] == allowed


def test_snapshot_shelf_is_bounded(server):
    for number in range(100):
        assert server.curl(f"/__api/snapshots/s{number}", method="POST").status == 201
    full = server.curl("/__api/snapshots/one-more", method="POST")
    assert full.status == 409
    assert full.json["error"] == "there are already 100 snapshots: delete one before saving 'one-more'"
    assert server.curl("/__api/snapshots/s0", method="POST").status == 200  # replacing one still works


def test_admin_index_lists_reset_and_snapshots(server):
    listed = {(e["method"], e["path"]) for e in server.curl("/__api").json}
    assert {("POST", "/__api/reset"), ("GET", "/__api/snapshots"), ("POST", "/__api/snapshots/NAME"),
            ("POST", "/__api/snapshots/NAME/restore"), ("DELETE", "/__api/snapshots/NAME")} <= listed


def test_readers_see_the_old_data_or_the_new_never_a_mix(server):
    first = copy.deepcopy(DEMO)
    assert server.curl("/__api/snapshots/first", method="POST").status == 201
    change_everything(server)
    second = db(server)
    assert server.curl("/__api/snapshots/second", method="POST").status == 201
    seen, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            seen.append(db(server))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round in range(20):
            name = "first" if round % 2 == 0 else "second"
            assert server.curl(f"/__api/snapshots/{name}/restore", method="POST").status == 204
    finally:
        stop.set()
        reader.join()
    assert seen
    mixed = [data for data in seen if data not in (first, second)]
    assert mixed == [], json.dumps(mixed[:1])


# --------------------------------------------------------------------------------------------------- new ids


@pytest.mark.parametrize("ids, expected", [
    (["1", "2"], "3"),       # every id a string of digits: the new id is a string too
    ([1, 2], 3),             # numbers: a number
    ([1, "2"], 3),           # already mixed: numbers win (as before)
    (["-5", "007"], "8"),    # "007" has the key 7
])
def test_new_id_keeps_the_type_of_integer_ids(tmp_path, api_bin, ids, expected):
    server = start(tmp_path, db={"things": [{"id": i, "n": n} for n, i in enumerate(ids)]})
    try:
        created = server.curl("/things", method="POST", body={"n": 9})
        assert created.status == 201, created
        assert created.json["id"] == expected
        assert server.curl(f"/things/{expected}").json == {"id": expected, "n": 9}
        server.stored_soon(lambda data: data["things"][-1] == {"id": expected, "n": 9})
    finally:
        server.stop()


def test_new_string_id_after_restart_and_deletes(tmp_path, api_bin):
    server = start(tmp_path, db={"things": [{"id": "1"}, {"id": "2"}]})
    try:
        assert server.curl("/things/2", method="DELETE").status == 200
        assert server.curl("/things", method="POST", body={}).json["id"] == "3"  # 2 is not handed out again
    finally:
        server.stop()
    (tmp_path / "ready").unlink()
    again = start(tmp_path, db=None)
    try:
        assert again.curl("/things", method="POST", body={}).json["id"] == "4"
    finally:
        again.stop()


# ---------------------------------------------------------------------------------------------------- --id FIELD

MONGO = {
    "posts": [
        {"_id": "a1", "title": "Notes", "id": 99},
        {"_id": "b2", "title": "Compilers"},
    ],
    "comments": [
        {"_id": 1, "postId": "a1", "body": "first"},
        {"_id": 2, "postId": "b2", "body": "second"},
    ],
}


@pytest.fixture
def mongo(tmp_path, api_bin):
    running = start(tmp_path, "--id", "_id", db=MONGO)
    yield running
    running.stop()


def test_id_field_for_lookups_and_new_ids(mongo):
    assert mongo.curl("/posts/a1").json == MONGO["posts"][0]
    assert mongo.curl("/posts/99").status == 404  # `id` is an ordinary field now
    assert mongo.curl("/comments/2").json == MONGO["comments"][1]
    created = mongo.curl("/comments", method="POST", body={"postId": "a1", "body": "third"})
    assert created.status == 201, created
    assert created.json == {"_id": 3, "postId": "a1", "body": "third"}
    assert created.headers["location"].endswith("/comments/3")
    taken = mongo.curl("/comments", method="POST", body={"_id": 1})
    assert taken.status == 409
    post = mongo.curl("/posts", method="POST", body={"title": "new"}).json
    assert isinstance(post["_id"], str) and len(post["_id"]) == 8 and "id" not in post
    mongo.stored_soon(lambda data: data["comments"][-1] == {"_id": 3, "postId": "a1", "body": "third"})


def test_id_field_kept_by_put_and_patch(mongo):
    put = mongo.curl("/posts/a1", method="PUT", body={"_id": "zz", "title": "Replaced"})
    assert put.status == 200, put
    assert put.json == {"_id": "a1", "title": "Replaced"}
    patched = mongo.curl("/posts/b2", method="PATCH", body={"_id": "zz", "title": "Patched"})
    assert patched.json == {"_id": "b2", "title": "Patched"}
    assert mongo.curl("/posts/zz").status == 404


def test_id_field_for_embed_expand_nested_and_dependent(mongo):
    embedded = mongo.curl("/posts/a1?_embed=comments").json
    assert embedded["comments"] == [MONGO["comments"][0]]
    listed = mongo.curl("/posts?_embed=comments").json
    assert [len(p["comments"]) for p in listed] == [1, 1]
    assert mongo.curl("/comments/1?_expand=post").json["post"] == MONGO["posts"][0]
    assert mongo.curl("/posts/b2/comments").json == [MONGO["comments"][1]]
    nested = mongo.curl("/posts/b2/comments", method="POST", body={"body": "more"})
    assert nested.status == 201 and nested.json["postId"] == "b2" and nested.json["_id"] == 3
    assert mongo.curl("/posts/a1/comments/2").status == 404  # not a comment of that post
    assert mongo.curl("/posts/b2?_dependent=comments", method="DELETE").status == 200
    assert [c["_id"] for c in mongo.curl("/comments").json] == [1]


def test_id_field_survives_a_crash_replay_and_a_reset(tmp_path, api_bin):
    running = start(tmp_path, "--id", "_id", db=MONGO)
    assert running.curl("/comments", method="POST", body={"body": "x"}).json["_id"] == 3
    assert running.curl("/comments/1", method="PATCH", body={"body": "edited"}).status == 200
    running.stop(signal.SIGKILL)
    (tmp_path / "ready").unlink()
    again = start(tmp_path, "--id", "_id", db=None)
    try:
        assert again.curl("/comments/3").json == {"_id": 3, "body": "x"}
        assert again.curl("/comments/1").json["body"] == "edited"
        assert again.curl("/comments", method="POST", body={}).json == {"_id": 4}
        assert again.curl("/__api/snapshots/s", method="POST").status == 201
        assert again.curl("/comments/4", method="DELETE").status == 200
        assert again.curl("/__api/snapshots/s/restore", method="POST").status == 204
        assert again.curl("/comments/4").json == {"_id": 4}
    finally:
        again.stop()


def test_id_field_in_the_openapi_document(mongo):
    document = mongo.curl("/__api/openapi.json").json
    schemas = document["components"]["schemas"]
    create = next(value for key, value in schemas.items() if key.endswith("Create") and "postId" in json.dumps(value))
    assert "_id" not in create.get("properties", {})


@pytest.mark.file_only
@pytest.mark.parametrize("value", ["", "a.b", "a b", "x" * 65, "é"])
def test_bad_id_field_is_a_usage_error(tmp_path, api_bin, value):
    result = subprocess.run([API_BIN, "serve", "--mock", str(tmp_path / "db.json"), "--id", value],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2, result
    assert f"bad --id '{value}': expected a field name such as _id" in result.stderr
