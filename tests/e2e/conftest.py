"""Harness for the end-to-end tests: the built `api` binary and the real servers it talks to.

Every server is started here on 127.0.0.1 with a free port and stopped at the end; readiness is polled with a
deadline, never assumed after a fixed sleep.

The mock server's stores: a module whose tests are about routes, queries, status codes and headers says
`pytestmark = pytest.mark.usefixtures("store")`, and each of its tests runs twice, `[file]` (db.json) and `[postgres]`
(a fresh database in the throwaway cluster of postgres_cluster.py, seeded from db.json); a test about the file itself
says `@pytest.mark.file_only` and runs once, `[file]`. `Server` (test_serve.py) starts on the current store.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from postgres_cluster import Cluster, ClusterError

ROOT = Path(__file__).resolve().parents[2]
API_BIN = os.environ.get("API_BIN", str(ROOT / ".build" / "debug" / "api"))
if not os.path.isabs(API_BIN):
    API_BIN = str(ROOT / API_BIN)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - keep polling until the deadline
            last = error
        time.sleep(0.05)
    raise RuntimeError(f"{what} not ready after {timeout}s (last error: {last})")


def run_api(*args, stdin=subprocess.DEVNULL, input=None, env=None, timeout=30, cwd=None):
    """Runs the built binary; returns the CompletedProcess with bytes stdout/stderr."""
    full_env = dict(os.environ)
    full_env.pop("API_BASE_URL", None)
    full_env.pop("API_TOKEN", None)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    if input is not None:
        stdin = None
    return subprocess.run(
        [API_BIN, *args], stdin=stdin, input=input, capture_output=True, env=full_env, timeout=timeout, cwd=cwd
    )


@pytest.fixture(scope="session")
def api_bin():
    assert os.path.exists(API_BIN), f"build the binary first (make build): {API_BIN}"
    return API_BIN


@pytest.fixture(scope="session")
def httpbin():
    """httpbin (PyPI) under gunicorn on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--worker-class", "sync", "--timeout", "60", "httpbin:app"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: urllib.request.urlopen(url + "/get", timeout=1).status == 200, "httpbin")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening."""
    return free_port()


# -------------------------------------------------------------------------------------------------------- stores


def pytest_configure(config):
    config.addinivalue_line("markers", "file_only: a test about db.json itself; runs on the file store only")


def pytest_generate_tests(metafunc):
    if "store" in metafunc.fixturenames:
        names = ["file"] if metafunc.definition.get_closest_marker("file_only") else ["file", "postgres"]
        metafunc.parametrize("store", names, indirect=True)


class FileStore:
    """db.json beside the test's files: the default store."""
    name = "file"

    def arguments(self, directory: Path) -> list[str]:
        return []


class PostgresStore:
    """One fresh database per folder a test starts servers in (a restart in the same folder sees the same data, as
    with db.json), dropped at the end of the test."""
    name = "postgres"

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.databases = {}

    def url(self, directory: Path) -> str:
        key = str(Path(directory).resolve())
        if key not in self.databases:
            self.databases[key] = self.cluster.create_database()
        return self.cluster.url(self.databases[key])

    def arguments(self, directory: Path) -> list[str]:
        return ["--store", self.url(directory)]

    def close(self):
        for name in self.databases.values():
            self.cluster.drop_database(name)
        self.databases.clear()


FILE_STORE = FileStore()
_current = [FILE_STORE]


def current_store():
    """The store the running test asked for (the file store when it asked for none)."""
    return _current[0]


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the whole session; a cluster that cannot start fails the tests that need
    it, with the reason (never a skip)."""
    cluster = Cluster(max_connections=200)
    try:
        cluster.start()
    except ClusterError as error:
        pytest.fail(f"PostgreSQL could not be started: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_database(postgres_cluster):
    """A fresh, empty database; yields its name."""
    name = postgres_cluster.create_database()
    yield name
    postgres_cluster.drop_database(name)


@pytest.fixture
def store(request):
    if getattr(request, "param", "file") == "postgres":
        chosen = PostgresStore(request.getfixturevalue("postgres_cluster"))
    else:
        chosen = FILE_STORE
    _current[0] = chosen
    try:
        yield chosen
    finally:
        _current[0] = FILE_STORE
        if isinstance(chosen, PostgresStore):
            chosen.close()
