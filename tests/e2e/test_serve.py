"""End-to-end tests of `api serve --mock`: the real binary, talked to with curl (and, for the durability test, with
Python's http.client from 32 threads). Servers start on port 0 and are waited for through --ready-file."""
import http.client
import json
import os
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import API_BIN, current_store, wait_until

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")

DEMO = {
    "users": [
        {"id": 1, "name": "Ada", "city": "London", "age": 36},
        {"id": 2, "name": "Grace", "city": "New York", "age": 85},
        {"id": 3, "name": "Alan", "city": "London", "age": 41},
    ],
    "posts": [
        {"id": 1, "userId": 1, "title": "Notes"},
        {"id": 2, "userId": "2", "title": "Compilers"},
    ],
    "comments": [
        {"id": 1, "postId": 1, "body": "first"},
        {"id": 2, "postId": 2, "body": "second"},
    ],
    "profile": {"name": "demo"},
}


def pretty(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


class Server:
    """One `api serve --mock` process on a free port, on the current store (conftest.py): db.json in `directory`, or
    a PostgreSQL database of its own for `directory`, seeded from db.json (FILE) when it exists."""

    def __init__(self, directory: Path, db=DEMO, *args, db_text=None, wait=True, store=None, store_url=None):
        self.directory = directory
        self.store = store or current_store()
        self.db = directory / "db.json"
        if db is not None or db_text is not None:
            self.db.write_text(db_text if db_text is not None else pretty(db))
        self.ready = directory / "ready"
        self.ready.unlink(missing_ok=True)  # a server killed before left its own
        self.stderr_path = directory / "stderr.log"
        self.args = args
        command = [API_BIN, "serve", "--mock"]
        if self.store.name == "file" or self.db.exists():
            command.append(str(self.db))
        if store_url is not None:
            command += ["--store", store_url]
        else:
            command += self.store.arguments(directory)
        self.store_url = command[command.index("--store") + 1] if "--store" in command else None
        self.process = subprocess.Popen(
            [*command, "--port", "0", "--ready-file", str(self.ready), *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.stderr_path, "wb"),
        )
        self.url = None
        if wait:
            def started():
                if self.process.poll() is not None:
                    return "exited"  # at once, not after wait_until's deadline
                return self.ready.exists() and self.ready.read_text().strip()
            self.url = wait_until(started, "api serve")
            if self.url == "exited":
                raise AssertionError(f"server exited {self.process.returncode}: {self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=30)

    def file(self):
        return json.loads(self.db.read_text())

    def file_soon(self, check, what="db.json holds the acknowledged writes"):
        """Waits for the file to satisfy `check`: a write is durable in the journal when acknowledged and reaches
        the file itself within 1 s for files this small (README, "Durability"); the wait allows for a loaded
        machine."""
        return wait_until(lambda: check(self.file()), what, timeout=15)

    def stored(self):
        """The data as stored, for a test that checks what a write left behind: db.json for the file store; for
        PostgreSQL, `GET /db` from a second, plain server on the same database (what another process sees: no
        waiting, an acknowledged write is committed)."""
        if self.store.name == "file":
            return self.file()
        with tempfile.TemporaryDirectory(prefix="reader-", dir=self.directory) as folder:
            same_id = []  # the database was seeded with this server's --id, and a server with another refuses it
            if "--id" in self.args:
                same_id = ["--id", self.args[self.args.index("--id") + 1]]
            reader = Server(Path(folder), None, "--quiet", *same_id, store=self.store, store_url=self.store_url)
            try:
                reply = reader.curl("/db")
                assert reply.status == 200, reply
                return reply.json
            finally:
                reader.stop()

    def stored_soon(self, check, what="the store holds the acknowledged writes"):
        """`file_soon` for the file store; at once for PostgreSQL."""
        if self.store.name == "file":
            return self.file_soon(check, what)
        data = self.stored()
        assert check(data), f"{what}: {json.dumps(data)[:2000]}"
        return data

    def curl(self, path: str, *args, method: str | None = None, body=None, headers=()):
        return curl(self.url + path, *args, method=method, body=body, headers=headers)


class Reply:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)

    def header(self, name: str):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"Reply({self.status}, {self.headers}, {self.body[:200]!r})"


def curl(url: str, *args, method=None, body=None, headers=()) -> Reply:
    """One request with curl; the final response's status, headers (lower-case names) and body."""
    command = ["curl", "-sS", "-i", "--max-time", "30"]
    if method:
        command += ["-X", method]
    for header in headers:
        command += ["-H", header]
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body)
        command += ["-H", "Content-Type: application/json", "--data-binary", text]
    command += [*args, url]
    result = subprocess.run(command, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    raw = result.stdout
    head, _, payload = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    parsed = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return Reply(status, parsed, payload)


@pytest.fixture
def server(tmp_path, api_bin, store):
    running = Server(tmp_path)
    yield running
    running.stop()


def start(tmp_path, *args, db=DEMO, **options) -> Server:
    return Server(tmp_path, db, *args, **options)


# ---------------------------------------------------------------------------------------------- start and stop


@pytest.mark.file_only
def test_startup_line_and_ready_file(server):
    port = server.url.rsplit(":", 1)[1]
    assert server.url == f"http://127.0.0.1:{port}"
    assert server.ready.read_text() == server.url + "\n"
    wait_until(lambda: "api: serving" in server.stderr(), "start-up line")
    assert f"api: serving {server.db} at {server.url} (users: 3, posts: 2, comments: 2, profile)" in server.stderr()


def test_request_log_lines_and_quiet(tmp_path, api_bin):
    loud = start(tmp_path)
    loud.curl("/users?city=London")
    loud.curl("/users/99")
    assert loud.stop(signal.SIGINT) == 0
    lines = loud.stderr().splitlines()
    assert any(line.startswith("GET /users?city=London 200 ") and line.endswith("ms") for line in lines), lines
    assert any(line.startswith("GET /users/99 404 ") for line in lines), lines
    quiet_dir = tmp_path / "quiet"
    quiet_dir.mkdir()
    quiet = start(quiet_dir, "--quiet")
    quiet.curl("/users")
    assert quiet.stop() == 0
    assert "GET /users" not in quiet.stderr()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signals_stop_cleanly(tmp_path, api_bin, sig):
    running = start(tmp_path)
    assert running.curl("/users", method="POST", body={"name": "last"}).status == 201
    assert running.stop(sig) == 0
    assert running.stored()["users"][-1] == {"id": 4, "name": "last"}


@pytest.mark.file_only
def test_missing_file_is_created(tmp_path, api_bin):
    running = Server(tmp_path, None)
    try:
        assert running.db.read_text() == "{}\n"
        assert running.curl("/db").json == {}
        created = running.curl("/things", method="POST", body={"a": 1})
        assert created.status == 201
        running.file_soon(lambda data: data == {"things": [{"id": 1, "a": 1}]})
    finally:
        running.stop()


@pytest.mark.file_only
@pytest.mark.parametrize("text, location", [
    ('{\n  "users": [1,]\n}\n', ":2:15: "),
    ("[1, 2]\n", ":1:1: the top level must be an object"),
    ("", ":1:1: "),
])
def test_invalid_file_exits_2_before_listening(tmp_path, api_bin, text, location):
    running = Server(tmp_path, None, db_text=text, wait=False)
    assert running.process.wait(timeout=30) == 2
    assert f"{running.db}{location}" in running.stderr()
    assert running.db.read_text() == text
    assert not running.ready.exists()


def test_port_in_use_exits_1(tmp_path, server):
    port = server.url.rsplit(":", 1)[1]
    db = tmp_path / "other.json"
    db.write_text("{}")
    result = subprocess.run([API_BIN, "serve", "--mock", str(db), "--port", port], capture_output=True, timeout=30)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr.decode()


def test_non_loopback_host_warns(tmp_path, api_bin):
    running = start(tmp_path, "--host", "0.0.0.0")
    try:
        assert "reachable from the network" in running.stderr()
        assert running.curl("/users").status == 200
    finally:
        running.stop()


# ------------------------------------------------------------------------------------------------------- reads


def test_get_collection(server):
    reply = server.curl("/users")
    assert reply.status == 200
    assert reply.json == DEMO["users"]
    assert reply.header("X-Total-Count") == "3"
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    assert reply.header("ETag").startswith('"')


def test_get_item_finds_numbers_and_strings(server):
    assert server.curl("/users/2").json == DEMO["users"][1]
    assert server.curl("/posts/2").json["title"] == "Compilers"


def test_not_found(server):
    for path in ["/users/99", "/nothing", "/users/1/more"]:
        reply = server.curl(path)
        assert reply.status == 404, path
        assert reply.json == {"error": "Not Found"}


def test_get_singular_db_and_index(server):
    assert server.curl("/profile").json == {"name": "demo"}
    assert server.curl("/db").json == DEMO
    index = server.curl("/")
    assert index.status == 200
    assert index.header("Content-Type") == "text/html; charset=utf-8"
    assert b'<a href="/users">/users</a> <span>3 items</span>' in index.body


def test_filters_sort_and_q(server):
    assert [u["name"] for u in server.curl("/users?city=London&_sort=-age").json] == ["Alan", "Ada"]
    assert [u["id"] for u in server.curl("/users?age:gte=41").json] == [2, 3]
    assert [u["id"] for u in server.curl("/users?age_lte=41&name_like=^a").json] == [1, 3]
    assert [u["id"] for u in server.curl("/users?id:in=1,3").json] == [1, 3]
    assert [u["id"] for u in server.curl("/users?name:startsWith=GR").json] == [2]
    assert [u["id"] for u in server.curl("/users?q=york").json] == [2]
    assert [p["id"] for p in server.curl("/posts?userId=2").json] == [2]
    assert [u["id"] for u in server.curl("/users?_sort=age&_order=desc").json] == [2, 3, 1]
    reply = server.curl("/users?city=London")
    assert reply.header("X-Total-Count") == "2"


def test_pagination_envelope_and_link(server):
    reply = server.curl("/users?_page=2&_per_page=1")
    assert reply.status == 200
    assert reply.json == {"first": 1, "prev": 1, "next": 3, "last": 3, "pages": 3, "items": 3,
                          "data": [DEMO["users"][1]]}
    assert reply.header("X-Total-Count") == "3"
    link = reply.header("Link")
    port = server.url.rsplit(":", 1)[1]
    assert f'<http://127.0.0.1:{port}/users?_page=1&_per_page=1>; rel="first"' in link
    assert 'rel="prev"' in link and 'rel="next"' in link
    assert f'<http://127.0.0.1:{port}/users?_page=3&_per_page=1>; rel="last"' in link


def test_slices(server):
    assert [u["id"] for u in server.curl("/users?_start=1&_end=3").json] == [2, 3]
    reply = server.curl("/users?_limit=1")
    assert [u["id"] for u in reply.json] == [1]
    assert reply.header("X-Total-Count") == "3"


def test_embed_and_expand(server):
    post = server.curl("/posts/1?_embed=comments&_expand=user").json
    assert post["comments"] == [DEMO["comments"][0]]
    assert post["user"]["name"] == "Ada"


def test_unknown_underscore_parameter_is_400(server):
    reply = server.curl("/users?_sortt=name")
    assert reply.status == 400
    assert "_sortt" in reply.json["error"]


def test_head(server):
    reply = server.curl("/users/1", "--head")
    assert reply.status == 200
    assert reply.body == b""
    assert int(reply.header("Content-Length")) > 0


def test_delay_parameter_is_accepted(server):
    assert server.curl("/users?_delay=10").status == 200
    assert server.curl("/users?_delay=-1").status == 400


# ------------------------------------------------------------------------------------------------------ writes


def test_post_put_patch_delete(server):
    created = server.curl("/users", method="POST", body={"name": "Edsger", "age": 72})
    assert created.status == 201
    assert created.header("Location") == "/users/4"
    assert created.json == {"id": 4, "name": "Edsger", "age": 72}
    server.stored_soon(lambda data: data["users"][-1] == {"id": 4, "name": "Edsger", "age": 72})

    put = server.curl("/users/4", method="PUT", body={"name": "E. W. Dijkstra"})
    assert put.status == 200
    assert put.json == {"id": 4, "name": "E. W. Dijkstra"}

    patch = server.curl("/users/4", method="PATCH", body={"age": 72})
    assert patch.json == {"id": 4, "name": "E. W. Dijkstra", "age": 72}

    deleted = server.curl("/users/4", method="DELETE")
    assert deleted.status == 200
    assert deleted.json == {"id": 4, "name": "E. W. Dijkstra", "age": 72}
    assert server.curl("/users/4").status == 404
    server.stored_soon(lambda data: len(data["users"]) == 3)


@pytest.mark.file_only
def test_file_stays_pretty_in_key_order_with_numbers_as_numbers(server):
    server.curl("/users/1", method="PATCH", body={"admin": True})
    expected = json.loads(pretty(DEMO))
    expected["users"][0]["admin"] = True
    wait_until(lambda: server.db.read_text() == pretty(expected), "db.json rewritten, pretty, in key order", 15)


def test_singular_put_and_patch(server):
    assert server.curl("/profile", method="PATCH", body={"theme": "dark"}).json == {"name": "demo", "theme": "dark"}
    assert server.curl("/profile", method="PUT", body={"name": "x"}).json == {"name": "x"}
    server.stored_soon(lambda data: data["profile"] == {"name": "x"})


def test_post_to_new_name_creates_collection(server):
    reply = server.curl("/tags", method="POST", body={"label": "new"})
    assert reply.status == 201
    server.stored_soon(lambda data: data.get("tags") == [{"id": 1, "label": "new"}])


def test_strict_refuses_new_collections(tmp_path, api_bin):
    running = start(tmp_path, "--strict")
    try:
        assert running.curl("/tags", method="POST", body={"label": "new"}).status == 404
        assert "tags" not in running.stored()
    finally:
        running.stop()


def test_body_errors(server):
    invalid = server.curl("/users", method="POST", body='{"name": }')
    assert invalid.status == 400
    assert "line 1, column 10" in invalid.json["error"]
    not_object = server.curl("/users", method="POST", body="[1]")
    assert not_object.status == 400
    assert not_object.json == {"error": "Body must be a JSON object"}
    duplicate = server.curl("/users", method="POST", body={"id": "1"})
    assert duplicate.status == 409
    assert server.stored() == DEMO


def test_string_ids_get_random_url_safe_ids(tmp_path, api_bin):
    running = start(tmp_path, db={"notes": [{"id": "abc", "text": "x"}]})
    try:
        reply = running.curl("/notes", method="POST", body={"text": "y"})
        new_id = reply.json["id"]
        assert isinstance(new_id, str) and len(new_id) >= 6
        assert all(c.isalnum() or c in "-_" for c in new_id)
        assert reply.header("Location") == f"/notes/{new_id}"
    finally:
        running.stop()


def test_delete_keeps_children_unless_dependent(server):
    assert server.curl("/posts/1", method="DELETE").status == 200
    server.stored_soon(lambda data: len(data["comments"]) == 2)
    assert server.curl("/posts/2?_dependent=comments", method="DELETE").status == 200
    server.stored_soon(lambda data: data["comments"] == [DEMO["comments"][0]])


def test_read_only(tmp_path, api_bin):
    running = start(tmp_path, "--read-only")
    try:
        assert running.curl("/users", method="POST", body={"a": 1}).status == 403
        assert running.curl("/users/1", method="DELETE").status == 403
        assert running.curl("/users").status == 200
        assert running.stored() == DEMO
    finally:
        running.stop()


def test_max_body(tmp_path, api_bin):
    running = start(tmp_path, "--max-body", "64B")
    try:
        assert running.curl("/users", method="POST", body={"name": "x" * 100}).status == 413
        assert running.curl("/users", method="POST", body={"name": "x"}).status == 201
    finally:
        running.stop()


# ---------------------------------------------------------------------------------------- conditional requests


def test_etag_if_none_match_and_if_match(server):
    etag = server.curl("/users/1").header("ETag")
    assert server.curl("/users/1", headers=[f"If-None-Match: {etag}"]).status == 304
    collection_etag = server.curl("/users").header("ETag")
    assert server.curl("/users", headers=[f"If-None-Match: {collection_etag}"]).status == 304
    first = server.curl("/users/1", method="PATCH", body={"age": 37}, headers=[f"If-Match: {etag}"])
    assert first.status == 200
    stale = server.curl("/users/1", method="PATCH", body={"age": 38}, headers=[f"If-Match: {etag}"])
    assert stale.status == 412
    assert stale.header("ETag") == first.header("ETag")
    server.stored_soon(lambda data: data["users"][0]["age"] == 37)


# ------------------------------------------------------------------------------------------------------- CORS


def test_cors_and_preflight(server):
    assert server.curl("/users").header("Access-Control-Allow-Origin") == "*"
    preflight = server.curl("/users", method="OPTIONS", headers=[
        "Origin: http://app.test", "Access-Control-Request-Method: PATCH",
        "Access-Control-Request-Headers: content-type,x-token"])
    assert preflight.status == 204
    # a request naming its Origin gets it back, with credentials allowed (json-server's cors({origin: true}))
    assert preflight.header("Access-Control-Allow-Origin") == "http://app.test"
    assert preflight.header("Access-Control-Allow-Credentials") == "true"
    assert "PATCH" in preflight.header("Access-Control-Allow-Methods")
    assert preflight.header("Access-Control-Allow-Headers") == "content-type,x-token"


def test_cors_origin_and_off(tmp_path, api_bin):
    one = tmp_path / "one"
    one.mkdir()
    running = start(one, "--cors", "https://app.test")
    try:
        assert running.curl("/users").header("Access-Control-Allow-Origin") == "https://app.test"
    finally:
        running.stop()
    two = tmp_path / "two"
    two.mkdir()
    running = start(two, "--cors", "off")
    try:
        assert running.curl("/users").header("Access-Control-Allow-Origin") is None
    finally:
        running.stop()


# ----------------------------------------------------------------------------------------------- static files


@pytest.mark.file_only
def test_static_files_and_escapes(tmp_path, api_bin):
    site = tmp_path / "site"
    site.mkdir()
    (site / "hello.txt").write_text("hello")
    (site / "index.html").write_text("<h1>home</h1>")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    running = start(tmp_path, "--static", str(site))
    try:
        assert running.curl("/hello.txt").body == b"hello"
        assert running.curl("/").body == b"<h1>home</h1>"
        assert running.curl("/users/1").status == 200
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
                     "/link.txt", "/nope.txt"]:
            reply = running.curl(path, "--path-as-is")
            assert reply.status == 404, path
            assert b"secret" not in reply.body, path
    finally:
        running.stop()


# ------------------------------------------------------------------------------------------- file watching


@pytest.mark.file_only
def test_hand_edit_is_reloaded(server):
    edited = {"books": [{"id": 1, "title": "Dune"}]}
    server.db.write_text(pretty(edited))
    wait_until(lambda: server.curl("/books").status == 200, "reload")
    assert server.curl("/books/1").json == {"id": 1, "title": "Dune"}
    assert server.curl("/books", method="POST", body={"title": "Emma"}).header("Location") == "/books/2"


@pytest.mark.file_only
def test_invalid_hand_edit_keeps_data_refuses_writes_and_is_not_overwritten(server):
    broken = '{\n  "users": [\n    {"id": 1,}\n  ]\n}\n'
    server.db.write_text(broken)
    # Writes acknowledged before the server notices the edit are journaled: kept, and never written over it.
    accepted = []

    def refused():
        reply = server.curl("/users", method="POST", body={"a": 1})
        if reply.status == 201:
            accepted.append(reply.json)
        return reply.status == 503

    wait_until(refused, "503 on writes")
    assert server.curl("/users").json == DEMO["users"] + accepted
    assert server.db.read_text() == broken
    wait_until(lambda: f"{server.db}:3:" in server.stderr(), "error logged with line and column")
    server.db.write_text(pretty({"users": []}))
    wait_until(lambda: server.curl("/users", method="POST", body={"a": 2}).status == 201, "writes accepted again")
    # The fixed file, with the journaled writes it did not hold applied on top, then the new write.
    server.file_soon(lambda data: data["users"][:-1] == accepted and data["users"][-1]["a"] == 2)


# ---------------------------------------------------------------------------------------------- durability


def test_durability_32_clients_200_creates_each(tmp_path, api_bin):
    running = start(tmp_path, "--quiet", db={"users": []})
    host, port = running.url.removeprefix("http://").rsplit(":", 1)
    failures = []

    def client(number: int):
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            for n in range(200):
                body = json.dumps({"client": number, "n": n})
                connection.request("POST", "/users", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 201:
                    failures.append(response.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    running.stored_soon(lambda data: len(data["users"]) == 6400)
    users = running.stored()["users"]
    assert len({user["id"] for user in users}) == 6400
    assert len({(user["client"], user["n"]) for user in users}) == 6400
    assert running.stop() == 0
    assert len(running.stored()["users"]) == 6400
