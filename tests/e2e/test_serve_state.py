"""The mock server's data as a test suite drives it: `POST /__api/reset`, named snapshots, `--id FIELD`, and the
type of new ids. The real binary, with curl as the client."""
import pytest

from conftest import API_BIN, run_api  # noqa: F401
from test_serve import DEMO, start  # noqa: F401


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
        server.file_soon(lambda data: data["things"][-1] == {"id": expected, "n": 9})
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
