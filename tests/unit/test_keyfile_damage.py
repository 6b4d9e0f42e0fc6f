"""#13 item 11: a damaged key file never crashes. Every malformed field gives one line
naming the key file and saying its .prev copy was tried; Argon2 parameters are held to
pinned bounds; `csods verify` prints no traceback, applies the slot-pin check and
refuses a newer-schema database untouched."""

from __future__ import annotations

import copy
import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.main import main
from app.errors import KeyFileError, SchemaTooNew
from app.security import keyfile as kf
from app.security import keyfile_check, slots
from app.services import unit_verify
from app.storage import migrate
from tests.conftest import ADMIN_PW, SUPERVISOR_PW, TestUnit
from tests.unit.raw_db import raw_connection


@lru_cache(maxsize=1)
def _real_key_file() -> str:
    """The key file of a real unit with a user and a pending audit entry."""
    from datetime import UTC, datetime

    from app.clock import FixedClock
    from app.security.crypto import FAST_TEST_KDF
    from app.services.unit import login
    from app.services.unit_create import create_unit

    folder = Path(tempfile.mkdtemp(prefix="csods-keyfile-"))
    clock = FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    db = folder / "unit.db"
    create_unit(db, admin_username="admin", admin_password=ADMIN_PW, unit_name="Test",
                case_prefix="TST", clock=clock, kdf=FAST_TEST_KDF)
    with pytest.raises(Exception):  # noqa: B017 - a failed sign-in leaves a pending entry
        login(db, "admin", "wrong-password-000", clock)
    return kf.keyfile_path(db).read_text(encoding="utf-8")


def _write(folder: Path, text: str, prev: str | None = None) -> Path:
    path = folder / "unit.db.keys"
    path.write_text(text, encoding="utf-8")
    if prev is not None:
        Path(f"{path}.prev").write_text(prev, encoding="utf-8")
    return path


def _one_line_naming(error: KeyFileError, path: Path) -> str:
    text = str(error)
    assert "\n" not in text and str(path) in text and ".prev" in text, text
    return text


def _data() -> dict[str, Any]:
    return dict(json.loads(_real_key_file()))


def _slot(data: dict[str, Any]) -> dict[str, Any]:
    return dict(data["slots"]["admin"])


CASES: dict[str, Any] = {
    "memory zero": lambda d: d["kdf"].update(memory_kib=0),
    "memory 1 TiB": lambda d: d["kdf"].update(memory_kib=2 ** 30),
    "time cost zero": lambda d: d["slots"]["admin"]["wrapped"]["kdf"].update(time_cost=0),
    "time cost huge": lambda d: d["kdf"].update(time_cost=10 ** 9),
    "parallelism 1000": lambda d: d["kdf"].update(parallelism=1000),
    "memory as text": lambda d: d["kdf"].update(memory_kib="65536"),
    "true as a number": lambda d: d["kdf"].update(parallelism=True),
    "slots as a list": lambda d: d.update(slots=[1, 2]),
    "no slots": lambda d: d.pop("slots"),
    "no unit id": lambda d: d.pop("unit_id"),
    "bad base64": lambda d: d["slots"]["admin"].update(public="***not base64***"),
    "short key": lambda d: d["slots"]["admin"].update(public="AAAA"),
    "sealed not a list": lambda d: d["slots"]["admin"].update(sealed={"a": 1}),
    "pending audit without a time": lambda d: d["pending_audit"][0].pop("at"),
    "pending audit time garbage": lambda d: d["pending_audit"][0].update(at="yesterday"),
    "pending audit not a list": lambda d: d.update(pending_audit="x"),
    "lockout entry not an object": lambda d: d.update(lockout={"abc": 5}),
    "lock time garbage": lambda d: d.update(lockout={"abc": {"locked_until": "soon"}}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_malformed_field_is_one_line(name: str, tmp_path: Path) -> None:
    data = _data()
    assert data["pending_audit"], "the real key file has a pending audit entry"
    CASES[name](data)
    path = _write(tmp_path, json.dumps(data))
    with pytest.raises(KeyFileError) as raised:
        kf.load(path)
    text = _one_line_naming(raised.value, path)
    assert "is damaged" in text or "unreadable" in text


def test_a_json_array_and_a_number_at_the_top(tmp_path: Path) -> None:
    for text in ("[1, 2, 3]", "42", "null", '"text"', "[" * 50_000):
        path = _write(tmp_path, text, prev="[]")
        with pytest.raises(KeyFileError) as raised:
            kf.load(path)
        _one_line_naming(raised.value, path)


@pytest.mark.parametrize("field", ["disabled", "lockout", "pending_audit", "pending",
                                   "accounts", "witness", "root_public", "unit_name",
                                   "case_prefix"])
def test_an_optional_field_given_as_null_reads_as_absent(field: str, tmp_path: Path) -> None:
    """Found by the verify mutation test: "accounts": null crashed (TypeError)."""
    data = _data()
    data[field] = None
    loaded = kf.load(_write(tmp_path, json.dumps(data), prev=_real_key_file()))
    absent = kf.KeyFile.from_json(json.dumps({k: v for k, v in _data().items() if k != field}))
    assert getattr(loaded, field) == getattr(absent, field)


def test_the_prev_copy_is_used_when_the_key_file_is_damaged(tmp_path: Path) -> None:
    data = _data()
    data["kdf"]["memory_kib"] = 0
    path = _write(tmp_path, json.dumps(data), prev=_real_key_file())
    assert kf.load(path).unit_id == _data()["unit_id"]


def test_argon2_bounds_are_pinned() -> None:
    for bad in ({"memory_kib": 1023, "time_cost": 1, "parallelism": 1},
                {"memory_kib": 4 * 1024 * 1024 + 1, "time_cost": 1, "parallelism": 1},
                {"memory_kib": 65536, "time_cost": 21, "parallelism": 1},
                {"memory_kib": 65536, "time_cost": 3, "parallelism": 17},
                {"memory_kib": 1024, "time_cost": 3, "parallelism": 16 * 9}):
        with pytest.raises(keyfile_check.KeyFileProblem):
            keyfile_check.check_kdf(bad)
    keyfile_check.check_kdf({"memory_kib": 65536, "time_cost": 3, "parallelism": 2})


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 40, 2 ** 40) | st.text(max_size=12)
    | st.sampled_from(["", "AAAA", "=", "2026-03-02T09:30:00+00:00", "x" * 44]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value if action != "wrap" else [data]
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "wrap":
        parent[path[-1]] = [parent[path[-1]]]
    else:
        parent[path[-1]] = value
    return data


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mutations_load_or_fail_in_one_line(tmp_path: Path, data: st.DataObject) -> None:
    original = _data()
    paths = _paths(original)
    path = data.draw(st.sampled_from(paths))
    action = data.draw(st.sampled_from(["replace", "delete", "wrap"]))
    value = data.draw(JSON)
    mutated = _mutate(copy.deepcopy(original), path, action, value)
    keys = _write(tmp_path, json.dumps(mutated), prev=json.dumps(mutated))
    try:
        loaded = kf.load(keys)
    except KeyFileError as error:
        _one_line_naming(error, keys)
        return
    # What loaded is usable as the application uses it.
    assert isinstance(loaded.unit_id, str) and loaded.slots is not None
    for event in loaded.pending_audit:
        assert isinstance(event["at"], str) and isinstance(event["action"], str)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_csods_verify_on_a_mutated_key_file_is_one_line(
        unit: TestUnit, data: st.DataObject, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    keys = kf.keyfile_path(unit.db)
    original = keys.read_text(encoding="utf-8")
    parsed = json.loads(original)
    path = data.draw(st.sampled_from(_paths(parsed)))
    action = data.draw(st.sampled_from(["replace", "delete", "wrap"]))
    mutated = _mutate(copy.deepcopy(parsed), path, action, data.draw(JSON))
    keys.write_text(json.dumps(mutated), encoding="utf-8")
    Path(f"{keys}.prev").write_text(json.dumps(mutated), encoding="utf-8")
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    try:
        code = main(["verify", "--db", str(unit.db), "--user", "sam"])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err and "unexpectedly" not in captured.err, \
            captured.err
        if code != 0:
            assert len(captured.err.strip().splitlines()) <= 1, captured.err
    finally:
        keys.write_text(original, encoding="utf-8")
        Path(f"{keys}.prev").write_text(original, encoding="utf-8")


def test_verify_refuses_a_swapped_slot(unit: TestUnit) -> None:
    with unit.officer() as olive:  # an insider with a key of their own
        db_key = olive.db_key
    path = kf.keyfile_path(unit.db)
    keyfile = kf.load(path)
    keyfile.slots["sam"] = slots.new_slot(keyfile, "sam", "insider-password-01", db_key)
    kf.save(path, keyfile)
    with pytest.raises(KeyFileError, match="does not match"):
        unit_verify.verify_file(unit.db, "sam", "insider-password-01", unit.clock)


def test_verify_refuses_a_newer_schema_untouched(unit: TestUnit) -> None:
    with unit.officer() as olive:
        key = olive.db_key
    conn = raw_connection(unit.db, key)
    conn.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = unit.db.read_bytes()
    with pytest.raises(SchemaTooNew):
        unit_verify.verify_file(unit.db, "sam", SUPERVISOR_PW, unit.clock)
    assert unit.db.read_bytes() == before
    wal = Path(f"{unit.db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("field", ["witness", "witness_high", "witness_broken"])
@pytest.mark.parametrize("bad", [[], {}, None, 7, True])
def test_a_witnessed_head_with_a_field_of_the_wrong_type_is_one_line(
        unit: TestUnit, field: str, bad: object) -> None:
    """Found by the mutation test: a head whose time was a list crashed sign-in."""
    keys = kf.keyfile_path(unit.db)
    data = json.loads(keys.read_text(encoding="utf-8"))
    head = {"unit": data["unit_id"], "row": 1, "hash": "00", "at": "2026-01-01T00:00:00Z",
            "by": "sam", "key": "AA==", "sig": "AA=="}
    head["at"] = bad
    data[field] = [head]
    for path in (keys, Path(f"{keys}.prev")):
        path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyFileError) as caught:
        kf.load(keys)
    assert "head 1 at is not text" in str(caught.value)
    assert "\n" not in str(caught.value)
