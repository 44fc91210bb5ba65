"""End-to-end tests that numbers in a request cannot kill `api serve --mock`: pagination past Int's range, a new id
after the largest integer id, and writes to the names the server routes itself. Each test ends by checking that the
same process still answers."""
import pytest

from test_serve import start

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")

INT_MAX = "9223372036854775807"
INT_MIN = "-9223372036854775808"
PAST = "99999999999999999999"

# (query, expected status, first user id in the answer or None)
PAGINATION = [
    (f"_per_page={INT_MAX}", 200, 1),
    (f"_page=2&_per_page={INT_MAX}", 200, 1),
    (f"_page={INT_MAX}&_per_page={INT_MAX}", 200, 1),
    (f"_page={INT_MAX}&_per_page=1", 200, 3),
    (f"_page={INT_MIN}&_per_page={INT_MIN}", 200, 1),
    (f"_page=3&_limit={INT_MAX}", 200, 1),
    (f"_start=1&_limit={INT_MAX}", 200, 2),
    (f"_start={INT_MAX}&_limit={INT_MAX}", 200, None),
    (f"_start=1&_end={INT_MAX}", 200, 2),
    (f"_per_page={PAST}", 200, 1),
    (f"_page={PAST}&_per_page=2", 200, 3),
    (f"_page=-{PAST}", 200, 1),
    (f"_start=1&_limit={PAST}", 200, 2),
    ("_start=-1", 400, None),
    (f"_limit=-{PAST}", 400, None),
    ("_page=abc", 400, None),
    ("_per_page=1.5", 400, None),
]


def first_id(body):
    items = body["data"] if isinstance(body, dict) else body
    return items[0]["id"] if items else None


def test_pagination_numbers_do_not_kill_the_server(tmp_path, api_bin):
    server = start(tmp_path)
    try:
        for query, status, first in PAGINATION:
            reply = server.curl("/users?" + query)
            assert reply.status == status, (query, reply)
            if status == 200:
                assert first_id(reply.json) == first, (query, reply)
            else:
                name = query.split("=")[0]
                assert name in reply.json["error"], (query, reply)
        assert server.process.poll() is None, server.stderr()
        assert server.curl("/users/1").status == 200
    finally:
        server.stop()


def test_new_id_after_the_largest_integer_is_a_string_also_after_a_restart(tmp_path, api_bin):
    server = start(tmp_path, db={"items": []})
    try:
        assert server.curl("/items", body={"id": int(INT_MAX)}).status == 201
        created = server.curl("/items", body={})
        assert created.status == 201, created
        assert isinstance(created.json["id"], str), created
        assert server.curl("/items").status == 200
    finally:
        server.stop()
    # The file now holds the largest id: a restarted server must also hand out a string id.
    server.ready.unlink()
    again = start(tmp_path, db=None)
    try:
        created = again.curl("/items", body={"name": "after restart"})
        assert created.status == 201, created
        assert isinstance(created.json["id"], str), created
        assert len(again.curl("/items").json) == 3
    finally:
        again.stop()


@pytest.mark.parametrize("method,path", [("POST", "/db"), ("PUT", "/db"), ("PATCH", "/db"), ("POST", "/__api"),
                                         ("POST", "/__rules"), ("PUT", "/__rules")])
def test_reserved_names_are_refused_and_db_still_answers(tmp_path, api_bin, method, path):
    server = start(tmp_path)
    try:
        reply = server.curl(path, method=method, body={"name": "x"})
        assert 400 <= reply.status < 500, reply
        assert path.lstrip("/") in reply.json["error"], reply
        whole = server.curl("/db").json
        assert set(whole) == {"users", "posts", "comments", "profile"}
        assert "db" not in server.stored() and "__api" not in server.stored()
    finally:
        server.stop()
