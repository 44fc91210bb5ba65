"""Output to a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO, `--ready-file` on a FIFO) is written
into it, as curl does. A temporary file renamed over such a name would replace the device itself: as root, `-o
/dev/null` once turned the machine's /dev/null into a regular file. These tests use a FIFO and a private null
device in a temporary folder, never the machine's own /dev/null."""
import os
import stat
import subprocess
import threading

import pytest

from conftest import API_BIN, run_api


def read_fifo(path, into):
    with open(path, "rb") as pipe:
        into.append(pipe.read())


def test_download_into_a_fifo_writes_into_it(httpbin, tmp_path):
    fifo = tmp_path / "body.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=read_fifo, args=(fifo, received))
    reader.start()
    result = run_api("get", f"{httpbin}/bytes/5000?seed=1", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert len(received) == 1 and len(received[0]) == 5000
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO"
    assert result.stdout == b""
    assert [name for name in os.listdir(tmp_path) if name != "body.fifo"] == [], "no temporary file is left"


def test_download_into_a_null_device_leaves_it_a_device(httpbin, tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root (CI runs as root)")
    result = run_api("get", f"{httpbin}/json", "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode), "the device was replaced by a file"
    assert result.stdout == b""


def test_ready_file_on_a_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "ready.fifo"
    os.mkfifo(fifo)
    (tmp_path / "db.json").write_text('{"users": []}')
    received = []
    reader = threading.Thread(target=read_fifo, args=(fifo, received))
    reader.start()
    server = subprocess.Popen(
        [API_BIN, "serve", "--mock", str(tmp_path / "db.json"), "--port", "0", "--ready-file", str(fifo), "--quiet"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        reader.join(timeout=30)
        assert received and received[0].decode().startswith("http://127.0.0.1:")
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    finally:
        server.terminate()
        server.wait(timeout=30)
