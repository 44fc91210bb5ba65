"""The mock server's files on disk: a save's temporary file is never written through a planted link, temporary
files left by a killed server are removed at the next start, a database path that is a link is written through
to its target, and a database we may not write is served read-only."""
import json
import os
import signal
import stat

from test_serve import DEMO, Server, pretty

STALE_NOTICE = "a temporary file left by an earlier run that stopped during a save"


def test_link_planted_at_the_temporary_name_is_not_followed(tmp_path, api_bin):
    running = Server(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("secret\n")
    planted = tmp_path / ".db.json.api-save-0.tmp"
    planted.symlink_to(victim)
    try:
        assert running.curl("/users", method="POST", body={"name": "new"}).status == 201
    finally:
        assert running.stop() == 0
    assert victim.read_text() == "secret\n"
    assert not running.db.is_symlink()
    assert running.file()["users"][-1] == {"id": 4, "name": "new"}
    assert not os.path.lexists(planted)


def test_temporary_files_of_a_killed_server_are_removed_at_start(tmp_path, api_bin):
    first = Server(tmp_path)
    assert first.curl("/users", method="POST", body={"name": "saved"}).status == 201
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    first.ready.unlink()  # so that the second server is waited for, not the first one's ready file
    # What a kill during a save leaves: a database-sized temporary file (and, here, a link someone planted).
    (tmp_path / ".db.json.api-save-0.tmp").write_text(pretty(DEMO))
    (tmp_path / "victim").write_text("secret\n")
    (tmp_path / ".db.json.api-save-1.tmp").symlink_to(tmp_path / "victim")
    others = [".other.json.api-save-0.tmp", ".db.json.api-save-0.tmp.bak", "db.json.api-save-0.tmp"]
    for name in others:
        (tmp_path / name).write_text("not ours\n")
    second = Server(tmp_path, None)
    try:
        assert second.curl("/users/4").json == {"id": 4, "name": "saved"}
        assert f"api: removed .db.json.api-save-0.tmp, {STALE_NOTICE}" in second.stderr()
        assert f"api: removed .db.json.api-save-1.tmp, {STALE_NOTICE}" in second.stderr()
    finally:
        assert second.stop() == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(["db.json", "ready", "stderr.log", "victim", *others])
    assert (tmp_path / "victim").read_text() == "secret\n"


def test_database_that_is_a_link_is_written_through_to_its_target(tmp_path, api_bin):
    data = tmp_path / "data"
    data.mkdir()
    target = data / "real.json"
    target.write_text(pretty(DEMO))
    (tmp_path / "db.json").symlink_to("data/real.json")
    original = tmp_path / "original"
    os.link(target, original)  # holds the old file, so a rename (not a write in place) leaves it as it was
    running = Server(tmp_path, None)
    try:
        assert running.curl("/users", method="POST", body={"name": "new"}).status == 201
        assert running.curl("/users/1", method="PATCH", body={"city": "Paris"}).status == 200
    finally:
        assert running.stop() == 0
    assert running.db.is_symlink() and os.readlink(running.db) == "data/real.json"
    saved = json.loads(target.read_text())
    assert saved["users"][0]["city"] == "Paris" and saved["users"][-1] == {"id": 4, "name": "new"}
    assert json.loads(original.read_text()) == DEMO, "replaced by a rename in the target's folder"
    assert sorted(path.name for path in data.iterdir()) == ["real.json"]


def test_read_only_database_is_served_read_only_with_a_notice(tmp_path, api_bin):
    db = tmp_path / "db.json"
    db.write_text(pretty(DEMO))
    db.chmod(0o444)
    before = db.stat()
    running = Server(tmp_path, None)
    try:
        assert f"api: {db} is read-only: serving it read-only, as with --read-only" in running.stderr()
        assert running.curl("/users", method="POST", body={"name": "new"}).status == 403
        assert running.curl("/users/1", method="DELETE").status == 403
        assert running.curl("/users").json == DEMO["users"]
    finally:
        assert running.stop() == 0
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns, stat.S_IMODE(after.st_mode)) == (before.st_ino, before.st_mtime_ns, 0o444)
    assert running.file() == DEMO


def test_writable_database_has_no_read_only_notice(tmp_path, api_bin):
    running = Server(tmp_path)
    try:
        assert running.curl("/users", method="POST", body={"name": "new"}).status == 201
    finally:
        assert running.stop() == 0
    assert "read-only" not in running.stderr()
