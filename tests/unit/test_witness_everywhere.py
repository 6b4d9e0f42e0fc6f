"""#13 item 3, attacked as an insider would (sqlcipher3 with the key from her own slot,
the key file edited as JSON, its ``.prev`` copied back): every witness counts.

- F1: the heads in every backup and copy beside the unit, not only the key file's;
- F2: a head that no longer matches is kept for good, however many sign-ins follow;
- F3: events written into the key file by hand are not entered in the trail;
- F4: a failed sign-in row in another's name says no more than a failed sign-in;
- verify --backup compares a backup with the live unit's witnesses.
And none of it reports a clean unit after many sign-ins, backups and a restore.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain.enums import AuditAction
from app.security import keyfile as kf
from app.security import slots
from app.security.signing import KeySigner
from app.services import auto_backup, maintenance, unit_verify, witness_watch
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW, TestUnit
from tests.unit.older_units import OLDER_UNITS, older_unit
from tests.unit.raw_db import raw_connection


def _olive(unit: TestUnit) -> slots.OpenedSlot:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    return slots.open_slot(keyfile, "olive", keyfile.slots["olive"], unit.passwords["olive"])


def _raw(unit: TestUnit, db: Path | None = None) -> Any:
    """Olive's own database key, sqlcipher3, the audit triggers dropped."""
    conn = raw_connection(db or unit.db, _olive(unit).db_keys[0])
    names = conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                         "AND tbl_name='audit'").fetchall()
    for (name,) in names:
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def _busy(session_of: Any, rows: int, tag: str) -> None:
    with session_of() as session:
        for n in range(rows):
            session.record(AuditAction.CONSULT, entity=f"{tag}:{n}")


def _verify(unit: TestUnit) -> list[str]:
    return unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock).problems


def _cli_verify(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    code = main(["verify", "--db", str(unit.db), "--user", "sam", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _strip_heads_above(keys: Path, row: int) -> None:
    """Roll a key file's witnesses back: every head above ``row`` removed, every list."""
    for path in (keys, keys.with_name(keys.name + ".prev")):
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for name in ("witness", "witness_high", "witness_broken"):
            data[name] = [h for h in data.get(name, []) if int(h["row"]) <= row]
        path.write_text(json.dumps(data), encoding="utf-8")


def _cut_after_olives_last_row(unit: TestUnit) -> int:
    conn = _raw(unit)
    last = conn.execute("SELECT max(id) FROM audit WHERE actor='olive'").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last,))
    conn.close()
    return int(last)


# -- F1: the heads in every backup and copy ---------------------------------------------

def test_a_whole_supervisor_session_cut_and_the_key_file_rolled_back_is_caught_by_the_backups(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(folder), 14)
    _busy(unit.officer, 30, "olive")
    _busy(unit.supervisor, 10, "sam")  # its sign-out makes an automatic backup
    cut = _cut_after_olives_last_row(unit)
    keys = kf.keyfile_path(unit.db)
    shutil.copy(keys.with_name(keys.name + ".prev"), keys)
    _strip_heads_above(keys, cut)  # every witness the key file pair holds, rolled back
    problems = _verify(unit)
    assert any("missing" in p and "csods-auto-" in p for p in problems), problems
    code, printed = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0 and "missing" in printed and "csods-auto-" in printed


def test_a_copy_kept_beside_the_unit_witnesses_too(unit: TestUnit) -> None:
    _busy(unit.officer, 20, "olive")
    with unit.supervisor() as sam:
        for n in range(5):
            sam.record(AuditAction.CONSULT, entity=f"sam:{n}")
        maintenance.backup(sam, unit.db.parent / "before-leave.db")
    cut = _cut_after_olives_last_row(unit)
    _strip_heads_above(kf.keyfile_path(unit.db), cut)
    problems = _verify(unit)
    assert any("before-leave.db.keys" in p for p in problems), problems


def test_the_prev_copy_alone_no_longer_rolls_the_witness_back(unit: TestUnit) -> None:
    """a03 3.6: no backup at all; olive cuts her own last rows and puts .prev back."""
    _busy(unit.officer, 40, "olive")
    conn = _raw(unit)
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 10,))
    conn.close()
    keys = kf.keyfile_path(unit.db)
    shutil.copy(keys.with_name(keys.name + ".prev"), keys)
    problems = _verify(unit)
    assert any(f"audit rows {last - 9} to {last} are missing" in p for p in problems), problems


# -- F2: a broken head is never forgotten ---------------------------------------------

def test_cut_rows_stay_reported_after_many_ordinary_sign_ins(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _busy(unit.officer, 150, "olive")
    conn = _raw(unit)
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 100,))
    conn.close()
    for _ in range(52):  # more than the rolling list keeps
        unit.officer().close()
    keyfile = kf.load(kf.keyfile_path(unit.db))
    assert keyfile.witness_broken and max(int(h["row"]) for h in keyfile.witness_broken) == last
    problems = _verify(unit)
    assert any(f"row {last}" in p for p in problems), problems
    code, printed = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0 and f"row {last}" in printed
    with unit.supervisor() as sam:
        warned = [r for r in audit_repo.iter_rows(sam.conn)
                  if r.action == "maintenance" and "no longer match" in (r.detail or "")]
        assert len(warned) == 1 and warned[0].signer == "olive"
        assert f"row(s) {last}" in witness_watch.notice(sam) or str(last) in \
            witness_watch.notice(sam)
    with unit.officer() as olive:
        assert witness_watch.notice(olive) == ""  # supervisors are warned


def test_the_sign_in_finding_stays_in_the_trail_when_the_key_file_is_stripped(
        unit: TestUnit) -> None:
    _busy(unit.officer, 30, "olive")
    conn = _raw(unit)
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 5,))
    conn.close()
    unit.officer().close()  # finds the broken heads, says so in a signed row
    _strip_heads_above(kf.keyfile_path(unit.db), last - 5)  # then every witness stripped
    problems = _verify(unit)
    assert any("witnessed head(s) no longer match the audit trail" in p and "olive" in p
               for p in problems), problems


def test_the_highest_head_is_kept_however_many_sign_ins(unit: TestUnit) -> None:
    _busy(unit.supervisor, 30, "sam")
    top = audit_repo.head(unit.supervisor().conn)[0]
    keyfile = kf.load(kf.keyfile_path(unit.db))
    assert max(int(h["row"]) for h in keyfile.witness_high) >= top
    assert len(keyfile.witness_high) <= kf.HIGHEST_KEPT


# -- F3: events written into the key file by hand -----------------------------------

def test_hand_written_key_file_events_are_refused_and_said_so(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    keys = kf.keyfile_path(unit.db)
    data = json.loads(keys.read_text(encoding="utf-8"))
    olive_signer = KeySigner("olive", _olive(unit).signing or b"")
    from app.security import pending_events

    forged_by_olive = pending_events.signed_event(olive_signer, unit.clock.now(), "user_admin",
                                                  "user:sam", "role given",
                                                  unit_id=data["unit_id"])
    forged_by_olive["actor"] = "admin"  # her signature, an administrator's name
    data["pending_audit"] = [
        {"at": "2020-01-01T00:00:00+00:00", "actor": None, "action": "disclose",
         "entity": "case:1", "detail": "to the applicant \u202eevil\u202c \x00 " + "x" * 100000},
        {"at": "2026-03-02T09:00:00+00:00", "actor": "sam", "action": "failed_login",
         "entity": "case:TST-0001", "detail": "sam approved"},
        {"at": "2026-03-02T09:00:00+00:00", "actor": "nobody-such", "action": "erase",
         "entity": "case:1", "detail": "erased"},
        {"at": "2030-01-01T00:00:00+00:00", "actor": None, "action": "failed_login",
         "detail": "wrong password"},
        {"at": "2026-03-02T09:30:00+00:00", "actor": "admin", "action": "user_admin",
         "entity": "user:olive", "detail": "made supervisor"},
        forged_by_olive,
        {"at": "2026-03-02T09:30:00+00:00", "actor": "sam", "action": "failed_login",
         "detail": "wrong password"},  # a real failed sign-in: entered
    ]
    keys.write_text(json.dumps(data), encoding="utf-8")
    with unit.officer() as olive:
        rows = list(audit_repo.iter_rows(olive.conn))
    assert not any(r.action in ("disclose", "erase") for r in rows)
    assert not any(r.entity == "case:TST-0001" or "made supervisor" in (r.detail or "")
                   or "role given" in (r.detail or "") for r in rows)
    assert any(r.action == "failed_login" and r.actor == "sam" and r.signer == "olive"
               and r.detail == "wrong password" for r in rows)
    refused = [r for r in rows if "were refused" in (r.detail or "")]
    assert len(refused) == 1 and (refused[0].detail or "").startswith("6 event(s)")
    assert "not signed by the account they name" in (refused[0].detail or "")
    assert kf.load(keys).pending_audit == []
    assert _verify(unit) == []
    assert _cli_verify(unit, monkeypatch, capsys)[0] == 0


def test_an_administrators_events_are_signed_and_entered(unit: TestUnit) -> None:
    unit.admin().close()  # no database key: sign-in and sign-out kept in the key file
    pending = kf.load(kf.keyfile_path(unit.db)).pending_audit
    assert pending and all("sig" in e for e in pending)
    with unit.supervisor() as sam:
        rows = list(audit_repo.iter_rows(sam.conn))
    assert any("by admin, recorded in the key file" in (r.detail or "") for r in rows)
    assert not any("were refused" in (r.detail or "") for r in rows)
    assert _verify(unit) == []


# -- F4: a failed sign-in in another's name that says more -----------------------------

def test_a_failed_sign_in_row_that_says_more_is_reported(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    conn = _raw(unit)
    audit_repo.append(conn, at=unit.clock.now(), actor="sam", action="failed_login",
                      entity="case:TST-0001", detail="sam approved",
                      signer=KeySigner("olive", _olive(unit).signing or b""))
    conn.close()
    problems = _verify(unit)
    assert any("a failed sign-in row that says more than a failed sign-in" in p
               for p in problems), problems
    code, printed = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0 and "says more than a failed sign-in" in printed


# -- verify --backup against the live unit --------------------------------------------

def test_a_cut_backup_with_its_witness_stripped_is_reported(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _busy(unit.officer, 30, "olive")
    with unit.supervisor() as sam:
        for n in range(10):
            sam.record(AuditAction.CONSULT, entity=f"sam:{n}")
        copy = maintenance.backup(sam, tmp_path / "bk" / "b.db")
    conn = _raw(unit, copy)
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 12,))
    conn.close()
    _strip_heads_above(kf.keyfile_path(copy), last - 12)
    report = unit_verify.verify_backup(unit.db, copy, "sam", unit.passwords["sam"], unit.clock)
    assert any("deleted from the end of the backup" in p for p in report.problems), \
        report.problems
    code, printed = _cli_verify(unit, monkeypatch, capsys, "--backup", str(copy))
    assert code != 0 and "deleted from the end of the backup" in printed
    renamed = copy.with_name("renamed.db")  # a renamed copy: the heads still count
    shutil.copy(copy, renamed)
    shutil.copy(kf.keyfile_path(copy), kf.keyfile_path(renamed))
    report = unit_verify.verify_backup(unit.db, renamed, "sam", unit.passwords["sam"],
                                       unit.clock)
    assert report.ok or any("is not the row witnessed" in p for p in report.problems)


def test_a_rewritten_backup_disagrees_with_a_live_head(unit: TestUnit, tmp_path: Path) -> None:
    _busy(unit.officer, 10, "olive")
    with unit.supervisor() as sam:
        copy = maintenance.backup(sam, tmp_path / "bk" / "b.db")
    witnessed = int(kf.load(kf.keyfile_path(unit.db)).witness[0]["row"])
    conn = _raw(unit, copy)
    conn.execute("UPDATE audit SET hash = ? WHERE id = ?", ("0" * 64, witnessed))
    conn.close()
    _strip_heads_above(kf.keyfile_path(copy), 0)
    report = unit_verify.verify_backup(unit.db, copy, "sam", unit.passwords["sam"], unit.clock)
    assert any(f"audit row {witnessed} is not the row witnessed" in p
               for p in report.problems), report.problems


# -- no false positives ----------------------------------------------------------------

def test_a_busy_clean_unit_with_backups_and_a_restore_verifies_clean(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(folder), 5)
    for index in range(60):  # more sign-ins than the rolling list keeps
        unit.clock.advance(timedelta(minutes=3))
        session = (unit.officer, unit.supervisor, unit.officer2)[index % 3]()
        session.record(AuditAction.CONSULT, entity=f"n:{index}")
        session.close()
    unit.admin().close()
    with unit.supervisor() as sam:
        maintenance.backup(sam, unit.db.parent / "beside.db")
    assert _verify(unit) == []
    assert _cli_verify(unit, monkeypatch, capsys)[0] == 0
    assert kf.load(kf.keyfile_path(unit.db)).witness_broken == []
    kept = tmp_path / "kept"
    kept.mkdir()
    older = kept / sorted(folder.glob("*.db"))[0].name  # before rotation removes it
    shutil.copy(folder / older.name, older)
    shutil.copy(kf.keyfile_path(folder / older.name), kf.keyfile_path(older))
    report = unit_verify.verify_backup(unit.db, older, "sam", unit.passwords["sam"],
                                       unit.clock)
    assert report.ok, report.problems
    # Restore from the oldest automatic backup: a new history starts; the heads of the
    # one it replaced (newer backups, the replaced- copy) are not held against it.
    for _index in range(4):
        unit.clock.advance(timedelta(minutes=3))
        unit.officer().close()
    unit.clock.advance(timedelta(minutes=3))
    maintenance.restore(unit.db, older, "sam", unit.passwords["sam"], unit.clock)
    for _index in range(6):
        unit.clock.advance(timedelta(minutes=3))
        unit.officer().close()
    assert _verify(unit) == [], _verify(unit)
    assert kf.load(kf.keyfile_path(unit.db)).witness_broken == []


@pytest.mark.parametrize("name", OLDER_UNITS)
def test_a_carried_over_administrators_first_events_are_not_refused(
        tmp_path: Path, name: str) -> None:
    """Release 0.1: the administrator's signing key is added at their first sign-in and
    entered by the next key holder just after the events it signed: they wait, once."""
    made = older_unit(tmp_path, name)
    for open_once in (made.officer, made.supervisor, made.admin, made.supervisor,
                      made.officer):
        open_once().close()
    with made.supervisor() as sam:
        rows = list(audit_repo.iter_rows(sam.conn))
    assert not any("were refused" in (r.detail or "") for r in rows)
    assert any("signed in without the database key (by admin" in (r.detail or "")
               for r in rows)
    assert kf.load(kf.keyfile_path(made.db)).pending_audit == [] or all(
        e.get("action") != "login" for e in kf.load(kf.keyfile_path(made.db)).pending_audit)
