"""#13 item 3, second attack review: a restore row alone silences no head, and junk key
files cannot crowd the real backups out of ``csods verify``.

Attacked as an insider would: sqlcipher3 with the key from the attacker's own slot, the
key file (and its ``.prev``) put back as it was before the cut rows were written.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.domain.enums import AuditAction
from app.security import keyfile as kf
from app.security import slots
from app.security.signing import KeySigner
from app.services import auto_backup, maintenance, unit_verify, witness_sources
from app.storage import audit_repo
from tests.conftest import SUPERVISOR_PW, TestUnit
from tests.unit.raw_db import raw_connection


def _slot(unit: TestUnit, name: str) -> slots.OpenedSlot:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    return slots.open_slot(keyfile, name, keyfile.slots[name], unit.passwords[name])


def _raw(unit: TestUnit, name: str) -> Any:
    conn = raw_connection(unit.db, _slot(unit, name).db_keys[0])
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                                   "AND tbl_name='audit'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    return conn


def _verify(unit: TestUnit) -> list[str]:
    return unit_verify.verify_file(unit.db, "sam", unit.passwords["sam"], unit.clock).problems


def _cli_verify(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    code = main(["verify", "--db", str(unit.db), "--user", "sam"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


class _Cut:
    """Rows written (and witnessed by an automatic backup) after the key file was saved
    aside; then cut, and the key file and ``.prev`` put back."""

    def __init__(self, unit: TestUnit, folder: Path) -> None:
        self.unit = unit
        folder.mkdir(exist_ok=True)
        with unit.supervisor() as sam:
            auto_backup.set_policy(sam, str(folder), 14)
        unit.supervisor().close()
        self.keys = kf.keyfile_path(unit.db)
        self.prev = self.keys.with_name(self.keys.name + ".prev")
        self.saved = (self.keys.read_bytes(), self.prev.read_bytes())
        with unit.supervisor() as sam:
            self.last = audit_repo.head(sam.conn)[0]
        with unit.officer() as olive:
            for n in range(30):
                olive.record(AuditAction.CONSULT, entity=f"x:{n}")

    def cut(self, who: str, fake_restore: str | None = None,
            shift: timedelta = timedelta(days=1)) -> None:
        conn = _raw(self.unit, who)
        conn.execute("DELETE FROM audit WHERE id > ?", (self.last,))
        if fake_restore is not None:
            audit_repo.append(conn, at=self.unit.clock.now() + shift, actor=who,
                              action=AuditAction.MAINTENANCE.value, entity="unit",
                              detail=fake_restore,
                              signer=KeySigner(who, _slot(self.unit, who).signing))
        conn.close()
        self.keys.write_bytes(self.saved[0])
        self.prev.write_bytes(self.saved[1])


@pytest.mark.parametrize("shift", [timedelta(days=1), timedelta(0)])
def test_a_supervisors_fake_restore_row_does_not_hide_the_cut_rows(
        unit: TestUnit, tmp_path: Path, shift: timedelta, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    attack = _Cut(unit, tmp_path / "auto")
    attack.cut("sam", "restored from backup csods-auto-old.db (verified read-only, 9 audit "
                      "rows); previous files kept in unit.db.replaced-20260301T000000Z", shift)
    problems = _verify(unit)
    assert any(f"the trail ends at row {attack.last + 1}" in p for p in problems), problems
    assert any("records a restore from a backup by sam" in p and "replaced copy" in p
               and "not found" in p for p in problems), problems
    code, out = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0
    assert "records a restore from a backup by sam" in out


def test_a_fake_restore_naming_a_copy_of_the_cut_unit_excuses_nothing(
        unit: TestUnit, tmp_path: Path) -> None:
    attack = _Cut(unit, tmp_path / "auto")
    kept = unit.db.with_name(f"{unit.db.name}.replaced-20260301T000000Z")
    attack.cut("sam", f"restored from backup old.db; previous files kept in {kept.name}")
    kept.mkdir()
    shutil.copy(unit.db, kept / unit.db.name)  # the trail as cut: it does not hold the rows
    shutil.copy(kf.keyfile_path(unit.db), kf.keyfile_path(kept / unit.db.name))
    problems = _verify(unit)
    assert any(f"the trail ends at row {attack.last + 1}" in p for p in problems), problems
    assert any("records a restore from a backup by sam" in p for p in problems), problems


def test_a_restore_explains_the_replaced_history_only_while_its_replaced_copy_is_kept(
        unit: TestUnit, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    with unit.supervisor() as sam:
        auto_backup.set_policy(sam, str(folder), 14)
    unit.clock.advance(timedelta(minutes=3))
    unit.officer().close()
    first = sorted(folder.glob("*.db"))[-1]
    older = tmp_path / "kept" / first.name
    older.parent.mkdir()
    shutil.copy(first, older)
    shutil.copy(kf.keyfile_path(first), kf.keyfile_path(older))
    for n in range(4):
        unit.clock.advance(timedelta(minutes=3))
        with unit.officer() as olive:
            olive.record(AuditAction.CONSULT, entity=f"later:{n}")
    unit.clock.advance(timedelta(minutes=3))
    _report, kept = maintenance.restore(unit.db, older, "sam", unit.passwords["sam"],
                                        unit.clock)
    for _n in range(3):
        unit.clock.advance(timedelta(minutes=3))
        unit.officer().close()
    assert _verify(unit) == []
    shutil.rmtree(kept)  # the rows the restore replaced are no longer anywhere on disk
    problems = _verify(unit)
    assert any("records a restore from a backup by sam" in p and kept.name in p
               for p in problems), problems


def test_junk_key_files_newer_than_the_backups_do_not_crowd_them_out(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "auto"
    attack = _Cut(unit, folder)
    attack.cut("olive")
    later = time.time() + 10**6
    for place in (unit.db.parent, folder):
        for n in range(410):
            junk = place / f"junk{n:03}.keys"
            junk.write_text("{}", encoding="utf-8")
            os.utime(junk, (later, later))
    problems = _verify(unit)
    assert any(f"the trail ends at row {attack.last}" in p for p in problems), problems
    code, out = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0
    assert "are missing" in out


def test_a_folder_with_more_of_the_units_key_files_than_the_bound_is_reported(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    unit.supervisor().close()
    for n in range(4):
        shutil.copy(kf.keyfile_path(unit.db), unit.db.parent / f"copy{n}.keys")
    assert _verify(unit) == []
    monkeypatch.setattr(witness_sources, "MOST_FILES", 2)
    problems = _verify(unit)
    assert any(f"more than 2 key files in {unit.db.parent}" in p
               and "did not read them all" in p for p in problems), problems


def _witnessed_rows_after(row: int, *folders: Path) -> list[int]:
    """Rows after ``row`` whose heads some key file in these folders witnessed."""
    found: set[int] = set()
    for folder in folders:
        for keys in folder.glob("*.keys*"):
            try:
                data = json.loads(keys.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            for head in [*data.get("witness", []), *data.get("witness_high", [])]:
                if isinstance(head, dict) and int(head.get("row", 0)) > row:
                    found.add(int(head["row"]))
    return sorted(found)


@pytest.mark.parametrize("gutting", ["keep only the witnessed heads", "edit the rest"])
def test_a_planted_replaced_copy_whose_own_trail_is_broken_excuses_nothing(
        unit: TestUnit, tmp_path: Path, gutting: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Round 3 R1: a supervisor plants ``unit.db.replaced-*`` (the unit copied, then its
    trail gutted but for the witnessed head rows, or its other rows edited), cuts the live
    trail, puts the key files back and signs a restore row naming the planted copy."""
    attack = _Cut(unit, tmp_path / "auto")
    heads = _witnessed_rows_after(attack.last, tmp_path / "auto", unit.db.parent)
    assert heads, "the backups witnessed none of the rows about to be cut"
    kept = unit.db.with_name(f"{unit.db.name}.replaced-20260303T093000Z")
    kept.mkdir()
    conn = _raw(unit, "sam")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(unit.db, kept / unit.db.name)
    shutil.copy(kf.keyfile_path(unit.db), kf.keyfile_path(kept / unit.db.name))
    planted = raw_connection(kept / unit.db.name, _slot(unit, "sam").db_keys[0])
    for (trigger,) in planted.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                                      "AND tbl_name='audit'").fetchall():
        planted.execute(f"DROP TRIGGER {trigger}")
    others = f"id > ? AND id NOT IN ({','.join('?' * len(heads))})"
    if gutting == "keep only the witnessed heads":
        planted.execute(f"DELETE FROM audit WHERE {others}", (attack.last, *heads))
    else:
        planted.execute(f"UPDATE audit SET detail = 'edited' WHERE {others}",
                        (attack.last, *heads))
    planted.close()
    attack.cut("sam", "restored from backup csods-auto-old.db (verified read-only, previous "
                      f"files kept in {kept.name})")
    problems = _verify(unit)
    assert any(f"the trail ends at row {attack.last + 1}" in p for p in problems), problems
    broken = next(row for row in range(attack.last + 1, heads[-1]) if row not in heads)
    assert any("records a restore from a backup by sam" in p and kept.name in p
               and f"its audit trail is broken at row {broken}" in p
               for p in problems), problems
    code, out = _cli_verify(unit, monkeypatch, capsys)
    assert code != 0
    assert "its audit trail is broken at row" in out
