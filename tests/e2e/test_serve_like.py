"""`_like` filters against the real server: a pattern that makes a backtracking engine take exponential time is
answered (the engine is linear), and what it cannot match in linear time is a 400 that names the parameter."""
import urllib.parse

import pytest

from test_serve import start

# Every test here runs on both stores, [file] and [postgres] (conftest.py), unless marked file_only.
pytestmark = pytest.mark.usefixtures("store")

EVIL = {"users": [{"id": 1, "name": "a" * 40 + "!"}, {"id": 2, "name": "aaaa"}, {"id": 3, "name": "Bob"}]}


def like(server, parameter: str, pattern: str):
    return server.curl(f"/users?{parameter}={urllib.parse.quote(pattern)}")


def test_like_catastrophic_patterns_are_answered(tmp_path, api_bin):
    # A backtracking engine needs about 2^40 steps for the first user (curl gives up after 30 s); two such requests at
    # once used to stall every other client.
    server = start(tmp_path, db=EVIL)
    try:
        for pattern in ["^(a+)+$", "^(a|a)*$", "^(a*)*$", "(x+x+)+y"]:
            reply = like(server, "name_like", pattern)
            assert reply.status == 200, (pattern, reply)
            assert [user["id"] for user in reply.json] == ([] if pattern == "(x+x+)+y" else [2]), pattern
        assert [user["id"] for user in like(server, "name_like", "^B.B$").json] == [3]
    finally:
        server.stop()


def test_like_refuses_back_references_and_look_around(tmp_path, api_bin):
    server = start(tmp_path, db=EVIL)
    try:
        for pattern, reason in [
            (r"(a)\1", "back-references are not supported (not linear-time) at offset 3"),
            ("a(?=b)", "look-ahead is not supported (not linear-time) at offset 1"),
            ("(?:a{1000}){1000}", "pattern compiles to more than 20000 instructions at offset 0"),
        ]:
            reply = like(server, "name_like", pattern)
            assert reply.status == 400, (pattern, reply)
            assert reply.json == {"error": f"invalid regular expression in name_like: '{pattern}': {reason}"}
    finally:
        server.stop()
