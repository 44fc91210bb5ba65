"""--query on the built binary: runaway queries end with `api: --query: ...` and exit 2 (no hang, no crash), and an
array body read one element at a time prints what jq prints."""
import json
import subprocess

import pytest

from conftest import run_api
from test_scripting import mock  # noqa: F401 - the fixture

RUNAWAY = [
    ("def f: f; f", "function calls nested"),
    ("def f: 1 + f; f", "function calls nested"),
    ("last(repeat(1))", "function calls nested"),
    ("try (def f: f; f) catch 1", "function calls nested"),
    ("[.[] | def f: f; f]", "function calls nested"),
]


@pytest.mark.parametrize("expression,message", RUNAWAY)
def test_runaway_query_ends_with_exit_2(mock, expression, message):  # noqa: F811 - the fixture
    result = run_api("get", f"{mock.url}/users", "-q", expression, timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("api: --query: ") and message in lines[0], lines


@pytest.mark.parametrize("expression", [
    ".[] | .name", ".[].name", ".[] | select(.age > 30) | {name, id}", "[.[] | select(.age > 40) | .name] | sort",
    "map(.age) | add", ".[] | [.id, .name]",
])
def test_array_body_by_element_matches_jq(mock, expression):  # noqa: F811 - the fixture
    ours = run_api("get", f"{mock.url}/users", "-q", expression)
    body = run_api("get", f"{mock.url}/users").stdout
    jq = subprocess.run(["jq", "-c", expression], input=body, capture_output=True)
    assert ours.returncode == 0, ours.stderr
    assert [json.loads(line) for line in ours.stdout.splitlines()] == [
        json.loads(line) for line in jq.stdout.splitlines()]
