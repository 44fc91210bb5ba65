"""Harness for the end-to-end tests: the built `api` binary and the real servers it talks to.

Every server is started here on 127.0.0.1 with a free port and stopped at the end; readiness is polled with a
deadline, never assumed after a fixed sleep.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
