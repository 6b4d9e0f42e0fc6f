"""`csods restore --from` the live unit itself, as a careless (or hostile) supervisor would type
it: the same path, a path through "..", a symbolic or hard link to unit.db, or the unit's
own write-ahead log or key file. Each is refused with a clear message and the unit is left
exactly as it was (no ``unit.db.replaced-*`` folder; it still opens)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from app.security import keyfile as kf
from tests.conftest import SUPERVISOR_PW, TestUnit


def _same(db: Path) -> Path:
    return db


def _dotdot(db: Path) -> Path:
    return db.parent / ".." / db.parent.name / db.name


def _symlink(db: Path) -> Path:
    link = db.parent.parent / "looks-like-a-backup.db"
    link.symlink_to(db)
    return link


def _hardlink(db: Path) -> Path:
    link = db.parent.parent / "hard-linked.db"
    os.link(db, link)
    return link


def _wal(db: Path) -> Path:
    return Path(f"{db}-wal")


def _keys(db: Path) -> Path:
    return kf.keyfile_path(db)


def _keys_symlinked_beside_a_copy(db: Path) -> Path:
    """A copy of the database whose ``.keys`` is a link to the unit's live key file."""
    copy = db.parent.parent / "copy.db"
    copy.write_bytes(db.read_bytes())
    Path(f"{copy}.keys").symlink_to(kf.keyfile_path(db))
    return copy


SOURCES: dict[str, Callable[[Path], Path]] = {
    "the same path": _same, "a path through ..": _dotdot, "a symbolic link": _symlink,
    "a hard link": _hardlink, "its write-ahead log": _wal, "its key file": _keys,
    "a copy using its key file": _keys_symlinked_beside_a_copy,
}


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith((".lock", "-shm"))}


@pytest.mark.parametrize("how", sorted(SOURCES))
def test_restore_from_the_live_units_own_files_is_refused(
        unit: TestUnit, how: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer():  # a write-ahead log with something in it
        pass
    source = SOURCES[how](unit.db)
    before = _listing(unit.db.parent)
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    code = main(["restore", "--db", str(unit.db), "--from", str(source), "--user", "sam"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Cannot restore the unit from its own files" in err and "nothing was replaced" in err
    assert "Traceback" not in err
    assert not list(unit.db.parent.glob("*.replaced-*"))
    assert _listing(unit.db.parent) == before
    with unit.supervisor():
        pass  # still opens
