"""#13 item 11, as an insider or a bad disk would attack it: the key file beside the unit is
edited (or torn, or overwritten with garbage) and `csods verify` is run (through the CLI's
main function, as a supervisor would type it).

Whatever the damage, verify prints no traceback, says in ONE line on stderr which key file
is damaged and whether its ``.prev`` copy was used, and exits 1 ("problem found"), never
2 (a typing error). With a good ``.prev`` the check still runs (on the .prev copy); with
a bad one verify stops there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.clock import FixedClock
from app.security import keyfile as kf
from tests.conftest import SUPERVISOR_PW, TestUnit, make_test_unit

Damage = Callable[[bytes], bytes]


def _edit(change: Callable[[dict[str, Any]], object]) -> Damage:
    def damage(original: bytes) -> bytes:
        data = json.loads(original)
        change(data)
        return json.dumps(data).encode()
    return damage


def _slot_kdf(**values: object) -> Damage:
    return _edit(lambda d: d["slots"]["sam"]["wrapped"]["kdf"].update(values))


def _huge_number(original: bytes) -> bytes:
    data = json.loads(original)
    data["slots"]["sam"]["wrapped"]["kdf"]["memory_kib"] = 7
    return json.dumps(data).replace('"memory_kib": 7', '"memory_kib": 1' + "0" * 5000).encode()


DAMAGE: dict[str, Damage] = {
    "argon2 time cost zero": _slot_kdf(time_cost=0),
    "argon2 time cost 10**9": _slot_kdf(time_cost=10 ** 9),
    "argon2 memory 1 TiB": _slot_kdf(memory_kib=2 ** 40),
    "argon2 memory negative": _slot_kdf(memory_kib=-5),
    "argon2 memory as text": _slot_kdf(memory_kib="1024"),
    "argon2 memory as a fraction": _slot_kdf(memory_kib=1024.5),
    "argon2 parallelism a million": _slot_kdf(parallelism=10 ** 6),
    "argon2 true as a number": _slot_kdf(time_cost=True),
    "unit argon2 all zero": _edit(lambda d: d["kdf"].update(time_cost=0, memory_kib=0)),
    "a JSON array": lambda _o: b"[1, 2, 3]",
    "JSON null": lambda _o: b"null",
    "a JSON string": lambda _o: b'"x"',
    "empty": lambda _o: b"",
    "truncated": lambda o: o[: len(o) // 2],
    "binary garbage": lambda _o: bytes(range(256)) * 16,
    "not UTF-8 inside": lambda o: o.replace(b"sam", b"s\xffm", 1),
    "deeply nested (RecursionError)": lambda _o: b"[" * 100_000 + b"]" * 100_000,
    "a 5000-digit number": _huge_number,
    "NaN": _edit(lambda d: d["slots"]["sam"]["wrapped"]["kdf"].update(memory_kib=float("nan"))),
    "format as text": _edit(lambda d: d.update(format="2")),
    "format 99": _edit(lambda d: d.update(format=99)),
    "slots as a list": _edit(lambda d: d.update(slots=[])),
    "no slots": _edit(lambda d: d.pop("slots")),
    "a slot is text": _edit(lambda d: d["slots"].update(sam="x")),
    "salt not base64": _edit(lambda d: d["slots"]["sam"]["wrapped"].update(salt="!!!")),
    "public key too short": _edit(lambda d: d["slots"]["sam"].update(public="AAAA")),
    "pending audit entry without a time": _edit(
        lambda d: d.update(pending_audit=[{"actor": "admin", "action": "login"}])),
    "pending audit not a list": _edit(lambda d: d.update(pending_audit={"a": 1})),
    "witness not a list": _edit(lambda d: d.update(witness={"a": 1})),
    "unit id a number": _edit(lambda d: d.update(unit_id=7)),
}


@pytest.fixture(scope="module")
def shared_unit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestUnit]:
    """One unit for every damage kind (its key files are put back after each)."""
    yield make_test_unit(tmp_path_factory.mktemp("damaged-keys"),
                         FixedClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC)))


def _verify(unit: TestUnit, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["verify", "--db", str(unit.db), "--user", "sam"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("prev_good", [True, False], ids=["good .prev", "damaged .prev"])
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_verify_with_a_damaged_key_file(shared_unit: TestUnit, kind: str, prev_good: bool,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    keys = kf.keyfile_path(shared_unit.db)
    prev = Path(f"{keys}.prev")
    original = keys.read_bytes()
    original_prev = prev.read_bytes() if prev.exists() else None
    damaged = DAMAGE[kind](original)
    keys.write_bytes(damaged)
    prev.write_bytes(original if prev_good else damaged)
    try:
        code, out, err = _verify(shared_unit, capsys)
    finally:
        keys.write_bytes(original)
        if original_prev is None:
            prev.unlink()
        else:
            prev.write_bytes(original_prev)
    assert "Traceback" not in err + out and "unexpectedly" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert str(keys) in lines[0], lines[0]
    assert code == 1, (code, err)  # a problem found, not a typing error (2)
    if prev_good:
        assert "went on using its previous copy (.prev)" in lines[0], lines[0]
        assert "PASS  audit hash chain" in out  # the check itself ran, on the .prev copy
        assert "PROBLEM: The key file" in out
    else:
        assert "nor its previous copy (.prev)" in lines[0], lines[0]


def test_a_sign_in_on_a_damaged_key_file_keeps_the_good_prev(unit: TestUnit) -> None:
    """Saving after a sign-in that fell back to .prev must not copy the damage over it."""
    keys = kf.keyfile_path(unit.db)
    good = keys.read_bytes()
    keys.write_bytes(b"[" * 10)
    Path(f"{keys}.prev").write_bytes(good)
    with unit.supervisor():
        pass
    assert kf.read_one(Path(f"{keys}.prev")).unit_id == json.loads(good)["unit_id"]
    assert kf.read_one(keys).unit_id == json.loads(good)["unit_id"]



def test_sign_in_on_a_damaged_key_file_says_so_in_the_audit_trail(unit: TestUnit) -> None:
    """Sign-in falls back to the key file's .prev; that is recorded, not silent."""
    from app.services.unit import login
    from app.storage import audit_repo

    keys = kf.keyfile_path(unit.db)
    with unit.officer():
        pass  # a sign-in and sign-out: .prev now holds a good copy
    keys.write_text('{"format": "garbage', encoding="utf-8")
    with login(unit.db, "sam", SUPERVISOR_PW, unit.clock) as sam:
        rows = [r for r in audit_repo.iter_rows(sam.conn) if "key file was damaged" in
                (r.detail or "")]
    assert len(rows) == 1
    assert "unit.db.keys is" in (rows[0].detail or "")
    assert "previous copy (.prev) was used" in (rows[0].detail or "")
    assert kf.recovered_from(kf.load(keys)) is None  # written back whole
