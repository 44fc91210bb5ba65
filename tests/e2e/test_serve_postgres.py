"""`api serve --mock [FILE] --store postgres://…` (issue 10), against the throwaway cluster of postgres_cluster.py:
the seeding rule, the errors before listening (refused, bad password, missing database, --no-watch), and several
`api serve` processes on one database as one backend (unique ids, reads that see writes made elsewhere, If-Match
across processes, atomic `_dependent` deletes, kill -9 in a write storm). The route and query tests themselves run
on both stores in their own modules (their `[postgres]` cases)."""
import http.client
import json
import os
import signal
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest

from conftest import API_BIN, FILE_STORE, run_api, wait_until
from postgres_cluster import PASSWORD, PASSWORD_ROLE
from test_serve import DEMO, Server, curl, pretty

WRONG_PASSWORD = "wr0ng-Pw-9d2e"


class Database:
    """A store for `Server`: every server started with it uses the same database."""
    name = "postgres"

    def __init__(self, url: str):
        self.url = url

    def arguments(self, directory: Path) -> list[str]:
        return ["--store", self.url]


@pytest.fixture
def database(postgres_cluster, postgres_database):
    return Database(postgres_cluster.url(postgres_database))


def serve(folder: Path, database: Database, *args, db=DEMO, **options) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    return Server(folder, db, *args, store=database, **options)


def servers(tmp_path: Path, database: Database, count: int, db=DEMO, *args) -> list[Server]:
    """`count` servers on one database; the first seeds it from `db`, the others get no FILE."""
    started = [serve(tmp_path / "s0", database, "--quiet", *args, db=db)]
    started += [serve(tmp_path / f"s{n}", database, "--quiet", *args, db=None) for n in range(1, count)]
    return started


def stop_all(running: list[Server]):
    for server in running:
        server.stop()


def ignored_notices(server: Server) -> list[str]:
    """The stderr lines saying that FILE is not imported (the database already holds data)."""
    return [line for line in server.stderr().splitlines()
            if "not imported" in line or "ignored" in line.lower()]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


class Connection:
    """A keep-alive HTTP/1.1 connection to one server (one per client thread)."""

    def __init__(self, server: Server):
        host, port = server.url.removeprefix("http://").rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)

    def request(self, method: str, path: str, body=None, headers=None):
        data = None if body is None else json.dumps(body)
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        self.connection.request(method, path, body=data, headers=all_headers)
        response = self.connection.getresponse()
        payload = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, payload

    def close(self):
        self.connection.close()


# ------------------------------------------------------------------------------------------------------ seeding


def test_empty_database_is_seeded_from_the_file_in_one_go(tmp_path, api_bin, postgres_cluster, postgres_database,
                                                          database):
    server = serve(tmp_path / "a", database)
    try:
        assert server.curl("/db").json == DEMO
        assert server.curl("/users/2").json == DEMO["users"][1]
        assert server.curl("/users?city=London").header("X-Total-Count") == "2"
        assert not ignored_notices(server), server.stderr()
    finally:
        server.stop()
    tables = postgres_cluster.psql(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'api'", postgres_database)
    assert int(tables) >= 1, "the server creates its tables in the api schema"


def test_a_database_with_data_ignores_another_file_with_one_line(tmp_path, api_bin, database):
    first = serve(tmp_path / "a", database)
    try:
        assert first.curl("/users", method="POST", body={"name": "Edsger"}).status == 201
    finally:
        first.stop()
    other = {"books": [{"id": 1, "title": "Dune"}]}
    second = serve(tmp_path / "b", database, db=other)
    try:
        expected = json.loads(json.dumps(DEMO))
        expected["users"].append({"id": 4, "name": "Edsger"})
        assert second.curl("/db").json == expected
        assert second.curl("/books").status == 404
        notices = ignored_notices(second)
        assert len(notices) == 1, second.stderr()
        assert str(second.db) in notices[0], notices
        assert [line for line in second.stderr().splitlines() if str(second.db) in line] == notices
    finally:
        second.stop()


def test_without_a_file_an_empty_database_starts_empty(tmp_path, api_bin, database):
    server = serve(tmp_path / "a", database, db=None)
    try:
        assert server.curl("/db").json == {}
        created = server.curl("/things", method="POST", body={"a": 1})
        assert created.status == 201, created
        assert created.json == {"id": 1, "a": 1}
    finally:
        server.stop()


def test_restart_serves_what_was_written(tmp_path, api_bin, database):
    first = serve(tmp_path / "a", database)
    assert first.curl("/users/1", method="PATCH", body={"age": 99}).status == 200
    assert first.curl("/posts/2", method="DELETE").status == 200
    first.stop(signal.SIGKILL)
    again = serve(tmp_path / "b", database, db=None)
    try:
        assert again.curl("/users/1").json["age"] == 99
        assert again.curl("/posts/2").status == 404
        assert again.curl("/users", method="POST", body={}).json == {"id": 4}
    finally:
        again.stop()


# ------------------------------------------------------------------------------------- errors before listening


def refused_before_listening(tmp_path: Path, url: str, *args) -> str:
    """Runs `api serve` on `url`; asserts exit 1 before listening; returns the one line of stderr."""
    (tmp_path / "db.json").write_text(pretty(DEMO))
    ready = tmp_path / "ready"
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--store", url, "--port", "0",
                     "--ready-file", str(ready), *args, timeout=60)
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 1, (result.returncode, stderr)
    assert not ready.exists(), "stopped before listening"
    return one_line(stderr)


def test_no_watch_is_a_usage_error_with_postgres(tmp_path, api_bin, database):
    (tmp_path / "db.json").write_text(pretty(DEMO))
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--store", database.url, "--port", "0",
                     "--no-watch")
    stderr = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, stderr)
    assert "--no-watch" in stderr, stderr


@pytest.mark.parametrize("args, message", [
    (["--store", "mysql://u@h/d"], "bad --store: expected postgres://USER[:PASS]@HOST[:PORT]/DBNAME or file:PATH"),
    (["--store", "file:"], "bad --store 'file:': expected file:PATH"),
    (["--pool", "4"], "--pool needs --store postgres://"),
    (["--store", "postgres://u@127.0.0.1/d", "--pool", "0"], "pool"),
    (["--store", "postgres://u@127.0.0.1/d", "--pool", "99999999999999999999"], "pool"),
])
def test_bad_store_options_are_usage_errors(tmp_path, api_bin, args, message):
    result = run_api("serve", "--mock", str(tmp_path / "db.json"), "--port", "0", *args)
    stderr = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, stderr)
    assert message in stderr, stderr


def test_file_store_spelled_out(tmp_path, api_bin):
    (tmp_path / "db.json").write_text(pretty(DEMO))
    server = Server(tmp_path, None, store=FILE_STORE, store_url=f"file:{tmp_path / 'db.json'}")
    try:
        assert server.curl("/users", method="POST", body={"name": "f"}).status == 201
        server.file_soon(lambda data: data["users"][-1] == {"id": 4, "name": "f"})
    finally:
        server.stop()


def test_refused_connection_exits_1_with_one_line(tmp_path, api_bin, postgres_cluster, closed_port):
    url = postgres_cluster.url("postgres", PASSWORD_ROLE, PASSWORD, port=closed_port)
    line = refused_before_listening(tmp_path, url)
    assert str(closed_port) in line, line
    assert PASSWORD not in line, line


def test_bad_password_exits_1_without_printing_it(tmp_path, api_bin, postgres_cluster):
    name = postgres_cluster.create_database(owner=PASSWORD_ROLE)
    try:
        line = refused_before_listening(tmp_path, postgres_cluster.url(name, PASSWORD_ROLE, WRONG_PASSWORD))
        assert WRONG_PASSWORD not in line, line
        assert "password" in line.lower() or "authentication" in line.lower(), line
    finally:
        postgres_cluster.drop_database(name)


def test_missing_database_exits_1_with_one_line(tmp_path, api_bin, postgres_cluster):
    line = refused_before_listening(tmp_path, postgres_cluster.url("t_missing", PASSWORD_ROLE, PASSWORD))
    assert "t_missing" in line, line
    assert PASSWORD not in line, line


def test_the_right_password_works_and_is_never_printed(tmp_path, api_bin, postgres_cluster):
    name = postgres_cluster.create_database(owner=PASSWORD_ROLE)
    try:
        database = Database(postgres_cluster.url(name, PASSWORD_ROLE, PASSWORD))
        server = serve(tmp_path / "a", database)
        try:
            assert server.curl("/users/1").json == DEMO["users"][0]
            assert server.curl("/users", method="POST", body={"name": "x"}).status == 201
            assert server.curl("/nothing/1").status == 404
            assert PASSWORD not in json.dumps(server.curl("/__api/requests").json)
        finally:
            server.stop()
        assert PASSWORD not in server.stderr(), server.stderr()
    finally:
        postgres_cluster.drop_database(name)


def test_store_from_the_environment(tmp_path, api_bin, database):
    (tmp_path / "db.json").write_text(pretty(DEMO))
    ready = tmp_path / "ready"
    env = dict(os.environ, API_STORE=database.url)
    process = subprocess.Popen([API_BIN, "serve", "--mock", str(tmp_path / "db.json"), "--port", "0",
                                "--ready-file", str(ready), "--quiet"], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = wait_until(lambda: process.poll() is None and ready.exists() and ready.read_text().strip(), "serve")
        assert curl(url + "/users", method="POST", body={"name": "env"}).status == 201
    finally:
        process.terminate()
        process.wait(timeout=30)
    # the write went to PostgreSQL, not to the file
    assert json.loads((tmp_path / "db.json").read_text()) == DEMO
    reader = serve(tmp_path / "r", database, db=None)
    try:
        assert reader.curl("/users/4").json == {"id": 4, "name": "env"}
    finally:
        reader.stop()


# ------------------------------------------------------------------------------------------------ many processes


def test_32_clients_200_creates_each_over_three_servers(tmp_path, api_bin, database):
    running = servers(tmp_path, database, 3, db={"users": [{"id": 1, "name": "seed"}]})
    failures, acknowledged = [], []
    lock = threading.Lock()

    def client(number: int):
        connection = Connection(running[number % 3])
        try:
            for n in range(200):
                status, _, body = connection.request("POST", "/users", {"client": number, "n": n})
                with lock:
                    if status == 201:
                        acknowledged.append(json.loads(body)["id"])
                    else:
                        failures.append((status, body[:200]))
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=client, args=(number,)) for number in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert len(acknowledged) == 6400
        assert len(set(acknowledged)) == 6400, "no two servers handed out the same id"
        assert all(isinstance(i, int) for i in acknowledged), "integer ids stay integers"
        assert max(acknowledged) == 6401, "ids are max+1 across the servers (no gaps without deletes)"
        for server in running:
            reply = server.curl("/users")
            assert reply.header("X-Total-Count") == "6401"
            users = reply.json
            assert len({user["id"] for user in users}) == 6401
            assert len({(user["client"], user["n"]) for user in users if "client" in user}) == 6400
    finally:
        stop_all(running)


def test_a_write_on_one_server_is_seen_by_the_next_read_on_another(tmp_path, api_bin, database):
    a, b, c = running = servers(tmp_path, database, 3)
    try:
        for round in range(10):
            writer, reader = running[round % 3], running[(round + 1) % 3]
            before = int(reader.curl("/users?city=Paris").header("X-Total-Count"))
            created = writer.curl("/users", method="POST", body={"name": f"n{round}", "city": "Paris"})
            assert created.status == 201, created
            new_id = created.json["id"]
            assert reader.curl(f"/users/{new_id}").json == created.json
            listed = reader.curl("/users?city=Paris&_sort=-id")
            assert listed.header("X-Total-Count") == str(before + 1)
            assert listed.json[0] == created.json
            patched = writer.curl(f"/users/{new_id}", method="PATCH", body={"city": "Rome"})
            assert patched.status == 200
            assert reader.curl(f"/users/{new_id}").json["city"] == "Rome"
            assert reader.curl("/users?city=Paris").header("X-Total-Count") == str(before)
            etag = reader.curl(f"/users/{new_id}").header("ETag")
            assert etag == patched.header("ETag"), "the ETag is the stored version, the same on every server"
            assert writer.curl(f"/users/{new_id}", method="DELETE").status == 200
            assert reader.curl(f"/users/{new_id}").status == 404
        assert c.curl("/profile", method="PUT", body={"name": "shared"}).status == 200
        assert a.curl("/profile").json == {"name": "shared"}
        assert b.curl("/db").json["profile"] == {"name": "shared"}
    finally:
        stop_all(running)


def test_if_match_across_servers_one_winner_per_version(tmp_path, api_bin, database):
    running = servers(tmp_path, database, 3)
    try:
        for version in range(5):
            etag = running[version % 3].curl("/users/1").header("ETag")
            statuses, start = [], threading.Barrier(12)
            lock = threading.Lock()

            def update(number: int):
                connection = Connection(running[number % 3])
                try:
                    start.wait()
                    status, headers, body = connection.request(
                        "PATCH", "/users/1", {"winner": number, "version": version}, {"If-Match": etag})
                    with lock:
                        statuses.append((status, number, headers.get("etag")))
                finally:
                    connection.close()

            threads = [threading.Thread(target=update, args=(number,)) for number in range(12)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            winners = [s for s in statuses if s[0] == 200]
            assert len(winners) == 1, statuses
            assert sorted(s[0] for s in statuses) == [200] + [412] * 11, statuses
            stored = running[(version + 1) % 3].curl("/users/1")
            assert stored.json["winner"] == winners[0][1] and stored.json["version"] == version
            assert stored.header("ETag") == winners[0][2] != etag
    finally:
        stop_all(running)


def test_dependent_delete_is_seen_all_or_nothing(tmp_path, api_bin, database):
    db = {"posts": [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}],
          "comments": [{"id": n, "postId": 1 + n % 2, "body": str(n)} for n in range(1, 201)]}
    writer, reader = running = servers(tmp_path, database, 2, db=db)
    seen, stop = [], threading.Event()

    def read():
        connection = Connection(reader)
        try:
            while not stop.is_set():
                _, headers, _ = connection.request("GET", "/comments?postId=2&_limit=1")
                post, _, _ = connection.request("GET", "/posts/2")
                seen.append((int(headers["x-total-count"]), post))
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        try:
            wait_until(lambda: len(seen) >= 5, "reads before the delete")
            assert writer.curl("/posts/2?_dependent=comments", method="DELETE").status == 200
            count = len(seen)
            wait_until(lambda: len(seen) >= count + 5, "reads after the delete")
        finally:
            stop.set()
            thread.join()
        assert {total for total, _ in seen} <= {100, 0}, sorted({total for total, _ in seen})
        # read in this order, a count of 0 (after the delete) cannot be followed by the post still there
        assert all(post == 404 for total, post in seen if total == 0), seen
        assert seen[-1] == (0, 404)
        assert reader.curl("/comments").header("X-Total-Count") == "100"
    finally:
        stop_all(running)


def test_kill_9_of_one_server_in_a_write_storm_loses_no_acknowledged_write(tmp_path, api_bin, database):
    running = servers(tmp_path, database, 3, db={"users": []})
    victim, survivors = running[0], running[1:]
    acknowledged, lock, stop = {}, threading.Lock(), threading.Event()
    errors_after_kill = []

    def client(number: int):
        server = running[number % 3]
        connection = Connection(server)
        n = 0
        try:
            while not stop.is_set():
                try:
                    status, _, body = connection.request("POST", "/users", {"client": number, "n": n})
                except (OSError, http.client.HTTPException):
                    if server is victim:
                        return  # the connection died with its server: nothing acknowledged is lost by that
                    raise
                if status == 201:
                    item = json.loads(body)
                    with lock:
                        acknowledged[item["id"]] = item
                elif server is not victim or victim.process.poll() is None:
                    errors_after_kill.append((status, body[:200]))
                n += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(24)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(acknowledged) >= 300, "writes acknowledged before the kill", timeout=120)
        victim.stop(signal.SIGKILL)
        at_kill = len(acknowledged)
        wait_until(lambda: len(acknowledged) >= at_kill + 300, "the others keep serving", timeout=120)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    try:
        assert errors_after_kill == []
        assert all(server.process.poll() is None for server in survivors)
        for server in survivors:
            users = {user["id"]: user for user in server.curl("/users").json}
            missing = [i for i in acknowledged if i not in users]
            assert missing == [], f"{len(missing)} acknowledged writes lost, e.g. {missing[:5]}"
            assert all(users[i] == item for i, item in acknowledged.items())
        fresh = serve(tmp_path / "after", database, "--quiet", db=None)
        try:
            assert len(fresh.curl("/users").json) >= len(acknowledged)
        finally:
            fresh.stop()
    finally:
        stop_all(survivors)


def test_filters_sorts_and_pages_on_the_same_data_agree_across_servers(tmp_path, api_bin, database):
    """The same query answered by two PostgreSQL-backed servers and by the file store on the same data."""
    mixed = {"things": [{"id": 1, "v": 3}, {"id": 2, "v": "3"}, {"id": 3, "v": None}, {"id": 4, "v": True},
                        {"id": 5}, {"id": 6, "v": 2.5}, {"id": 7, "v": "b"}, {"id": 8, "v": [1]},
                        {"id": 9, "v": {"a": 1}}, {"id": 10, "v": -1}]}
    a, b = running = servers(tmp_path, database, 2, db=mixed)
    (tmp_path / "file").mkdir()
    on_file = Server(tmp_path / "file", mixed, "--quiet", store=FILE_STORE)
    try:
        for query in ["_sort=v", "_sort=-v,id", "v:gt=2", "v:lt=b", "v=3", "v:ne=3", "v:in=3,b", "_page=2&_per_page=3",
                      "_sort=v&_start=2&_end=6", "q=3", "v_like=^b", "_where=" + urllib.parse.quote('{"v":{"gte":0}}')]:
            expected = on_file.curl("/things?" + query)
            for server in (a, b):
                reply = server.curl("/things?" + query)
                assert (reply.status, reply.json) == (expected.status, expected.json), query
                assert reply.header("X-Total-Count") == expected.header("X-Total-Count"), query
    finally:
        on_file.stop()
        stop_all(running)


# ------------------------------------------------------------------------------------------------ coalescing
# Concurrent `GET /NAME/ID` on one event loop go out as one statement, concurrent creates as one batch committed
# together. `--pool 2` leaves one connection per event loop, so requests that arrive together share a statement.


def together(count: int, work) -> list:
    """`work(number, connection_barrier)` in `count` threads started at once; their results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(number: int):
        try:
            results[number] = work(number, barrier)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_concurrent_lookups_of_found_and_missing_ids_each_get_their_own_answer(tmp_path, api_bin, database):
    users = [{"id": n, "name": f"user {n}"} for n in range(1, 41)] + [{"id": "s1", "name": "string id"}]
    server = serve(tmp_path / "s", database, "--quiet", "--pool", "2", db={"users": users})
    try:
        ids = [str(n) for n in range(1, 51)] + ["s1", "s2"]  # 41-50 and s2 are missing
        expected = {}
        for id in ids:
            reply = server.curl(f"/users/{id}")
            expected[id] = (reply.status, reply.body, reply.header("ETag"))
        assert [i for i in ids if expected[i][0] == 404] == [str(n) for n in range(41, 51)] + ["s2"]

        def client(number: int, barrier: threading.Barrier):
            connection = Connection(server)
            seen = []
            try:
                for round in range(20):
                    barrier.wait(timeout=30)
                    id = ids[(number * 7 + round * 3) % len(ids)]
                    status, headers, body = connection.request("GET", f"/users/{id}")
                    seen.append((id, status, body, headers.get("etag")))
                    if status == 200:
                        status, headers, body = connection.request(
                            "GET", f"/users/{id}", headers={"If-None-Match": headers["etag"]})
                        seen.append((id, status, body, headers.get("etag")))
            finally:
                connection.close()
            return seen

        answers = [answer for seen in together(24, client) for answer in seen]
        assert len(answers) > 24 * 20
        for id, status, body, etag in answers:
            want_status, want_body, want_etag = expected[id]
            if status == 304:
                assert want_status == 200 and body == b"" and etag == want_etag, id
            else:
                assert (status, body, etag) == (want_status, want_body, want_etag), id
        assert any(status == 304 for _, status, _, _ in answers)
    finally:
        server.stop()


def test_concurrent_creates_a_used_id_gets_409_and_only_that_one(tmp_path, api_bin, database):
    server = serve(tmp_path / "s", database, "--quiet", "--pool", "2",
                   db={"users": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]})
    try:
        used = server.curl("/users", method="POST", body={"id": 2, "name": "again"})
        assert used.status == 409

        def client(number: int, barrier: threading.Barrier):
            connection = Connection(server)
            replies = []
            try:
                for round in range(10):
                    barrier.wait(timeout=30)
                    if number == 0:
                        body = {"id": 2, "name": "again"}  # used since the start
                    elif number in (1, 2):
                        # the same new id from two clients at once (below the generated ones, which count up)
                        body = {"id": -1 - round, "by": number}
                    else:
                        body = {"client": number, "round": round}
                    status, _, payload = connection.request("POST", "/users", body)
                    replies.append((number, round, status, payload))
            finally:
                connection.close()
            return replies

        replies = [reply for each in together(16, client) for reply in each]
        conflicts = [(n, r) for n, r, status, _ in replies if status == 409]
        created = [json.loads(payload) for _, _, status, payload in replies if status == 201]
        assert sorted(status for _, _, status, _ in replies if status not in (201, 409)) == []
        assert [n for n, r in conflicts if n == 0] == [0] * 10, "the used id: 409 every time"
        for round in range(10):
            pair = [n for n, r in conflicts if r == round and n in (1, 2)]
            assert len(pair) == 1, f"of two creates of id {-1 - round} exactly one wins: {pair}"
        for n, r, status, payload in replies:
            if status == 409:
                alone = used.body if n == 0 else used.body.replace(b"2", str(-1 - r).encode())
                assert payload == alone, "the same 409 as a create alone"
        assert len(created) == 16 * 10 - 10 - 10
        generated = [item["id"] for item in created if "client" in item]
        assert len(generated) == 13 * 10 and len(set(generated)) == len(generated)
        assert all(isinstance(i, int) for i in generated)
        listed = server.curl("/users").json
        assert len(listed) == 2 + len(created)
        by_id = {user["id"]: user for user in listed}
        assert all(by_id[item["id"]] == item for item in created), "each 201 is the item stored"
        assert server.curl("/users/2").json == {"id": 2, "name": "b"}
    finally:
        server.stop()


def test_concurrent_creates_in_a_new_collection_and_under_strict(tmp_path, api_bin, database):
    server = serve(tmp_path / "s", database, "--quiet", "--pool", "2", db={"users": []})
    strict = serve(tmp_path / "t", database, "--quiet", "--pool", "2", "--strict", db=None)
    try:
        def client(number: int, barrier: threading.Barrier):
            refused = Connection(strict)
            connection = Connection(server)
            try:
                barrier.wait(timeout=30)
                first = refused.request("POST", "/nothing", {"n": number})
                barrier.wait(timeout=30)
                return first, connection.request("POST", "/fresh", {"n": number})
            finally:
                refused.close()
                connection.close()

        results = together(16, client)
        assert [status for (status, _, _), _ in results] == [404] * 16, "--strict: no collection, 404 each"
        assert strict.curl("/nothing").status == 404
        assert [status for _, (status, _, _) in results] == [201] * 16, "the first create makes the collection"
        made = [json.loads(body) for _, (_, _, body) in results]
        assert sorted(item["id"] for item in made) == list(range(1, 17)), "max+1 ids from 1, no gaps"
        listed = server.curl("/fresh").json
        assert sorted(listed, key=lambda item: item["id"]) == sorted(made, key=lambda item: item["id"])
    finally:
        strict.stop()
        server.stop()
