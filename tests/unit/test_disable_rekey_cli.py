"""#13 item 6 through the command line, as the README names it: `csods user disable NAME
--rekey`. A supervisor disables and re-encrypts in one step; an administrator disables
(their part) and is told exactly what the supervisor must run. Then olive, who kept her
database key from before (an insider with the key from her own slot), tries it on every
file in the unit's folder with sqlcipher3 — including explicit `csods backup --out` copies
kept there, by a supervisor and by an administrator — and opens none. A copy under a key
older than the rekey cannot follow: it is named for deletion, never removed silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.errors import DatabaseError
from app.security import keyfile as kf
from app.security import slots
from app.services import unit_copies
from app.storage.connection import open_read_only
from tests.conftest import ADMIN_PW, OFFICER_PW, SUPERVISOR_PW, TestUnit


def _as(monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    monkeypatch.setenv("CSODS_PASSWORD", password)


def _olives_keys(unit: TestUnit) -> list[bytes]:
    keyfile = kf.load(kf.keyfile_path(unit.db))
    return slots.open_slot(keyfile, "olive", keyfile.slots["olive"], OFFICER_PW).db_keys


def _opens(path: Path, keys: list[bytes]) -> bool:
    if path.stat().st_size == 0:
        return False
    for key in keys:
        try:
            conn = open_read_only(path, key)
        except DatabaseError:
            continue
        try:
            return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) > 0
        finally:
            conn.close()
    return False


def _copies_in_the_unit_folder(unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A supervisor's explicit backup beside the unit, an administrator's file copy in a
    folder inside it."""
    folder = unit.db.parent
    _as(monkeypatch, SUPERVISOR_PW)
    explicit = folder / "explicit-b.db"
    assert main(["backup", "--db", str(unit.db), "--out", str(explicit), "--user", "sam"]) == 0
    _as(monkeypatch, ADMIN_PW)
    admins = folder / "copies" / "admin-copy.db"
    assert main(["backup", "--db", str(unit.db), "--out", str(admins), "--user", "admin"]) == 0
    return [explicit, admins]


def _nothing_opens_for_olive(unit: TestUnit, olive: list[bytes]) -> None:
    files = [p for p in unit.db.parent.rglob("*") if p.is_file()]
    for path in files:
        assert not _opens(path, olive), path
        if path.name.endswith(".keys"):
            assert "olive" not in kf.load(path).slots, path


def test_a_supervisor_disables_and_rekeys_in_one_step(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    olive = _olives_keys(unit)
    copies = _copies_in_the_unit_folder(unit, monkeypatch)
    assert all(_opens(c, olive) for c in copies)  # what the rekey must put right
    capsys.readouterr()
    assert main(["copies", "--db", str(unit.db)]) == 0
    listed = capsys.readouterr().out
    assert all(str(c) in listed for c in copies) and "backup" in listed
    _as(monkeypatch, SUPERVISOR_PW)
    code = main(["user", "disable", "olive", "--rekey", "--db", str(unit.db), "--user", "sam"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Disabled olive" in printed.out and "re-encrypted" in printed.out
    assert "2 re-encrypted" in printed.out
    _nothing_opens_for_olive(unit, olive)
    with pytest.raises(Exception, match="password|not|disabled"):  # noqa: B017
        unit.officer()
    # The copies still open for the remaining users, and verify against their own heads.
    for copy in copies:
        assert main(["verify", "--db", str(unit.db), "--backup", str(copy),
                     "--user", "sam"]) == 0, capsys.readouterr()


def test_an_administrator_disables_and_is_told_what_the_supervisor_runs(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    olive = _olives_keys(unit)
    _copies_in_the_unit_folder(unit, monkeypatch)
    capsys.readouterr()
    _as(monkeypatch, ADMIN_PW)
    assert main(["user", "disable", "olive", "--rekey", "--db", str(unit.db),
                 "--user", "admin"]) == 0
    told = capsys.readouterr().out
    assert "Disabled olive" in told and "NOT re-encrypted" in told
    command = f"csods rekey --db {unit.db} --user SUPERVISOR"
    assert command in told
    # The supervisor runs exactly that.
    _as(monkeypatch, SUPERVISOR_PW)
    argv = command.split()[1:]
    assert main([*argv[:-1], "sam"]) == 0
    _nothing_opens_for_olive(unit, olive)


def test_a_supervisor_may_not_disable_an_administrator(
        unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _as(monkeypatch, SUPERVISOR_PW)
    assert main(["user", "disable", "admin", "--rekey", "--db", str(unit.db),
                 "--user", "sam"]) == 1
    assert "may not" in capsys.readouterr().err.lower()
    _as(monkeypatch, ADMIN_PW)
    with unit.admin():
        pass  # still an administrator


def test_a_copy_under_an_older_key_is_named_for_deletion_not_removed(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    explicit, _admins = _copies_in_the_unit_folder(unit, monkeypatch)
    away = tmp_path / "away"
    away.mkdir()
    for name in (explicit.name, f"{explicit.name}.keys"):
        shutil.move(str(explicit.parent / name), away / name)
    _as(monkeypatch, SUPERVISOR_PW)
    assert main(["rekey", "--db", str(unit.db), "--user", "sam"]) == 0  # without the copy
    for name in (explicit.name, f"{explicit.name}.keys"):
        shutil.move(str(away / name), explicit.parent / name)  # brought back: an older key
    capsys.readouterr()
    assert main(["rekey", "--db", str(unit.db), "--user", "sam"]) == 0
    out = capsys.readouterr().out
    assert f"CANNOT FOLLOW (under an older key; delete it): {explicit}" in out
    assert explicit.exists()
    assert explicit in [c.db for c in unit_copies.list_copies(unit.db)]
