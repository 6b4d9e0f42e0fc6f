"""Copies of the unit kept on the workstation, and how they follow revocation.

Two kinds of copy sit beside the unit database:

* ``unit.db.pre-migration-vN-<time>``: written before a schema upgrade. It
  carries its own key-file snapshot (``….keys``), so the users of that moment
  can open it and ``csods restore --from`` it rolls the upgrade back.
* ``unit.db.replaced-<time>/``: the unit's files as they were before a restore.

A rekey re-encrypts every copy it can open (under the key before the rekey) and
gives it the unit's new key file, so only the remaining accounts open it; a copy
under a key it cannot open is removed. So after ``csods user disable NAME
--rekey`` no file on the workstation opens with NAME's old password.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.security import keyfile as kf
from app.storage import unit_lock
from app.storage.backup import reencrypt_copy
from app.storage.connection import Connection
from app.storage.migrate import migrate, needs_migration

PRE_MIGRATION = "pre-migration"
REPLACED = "replaced"


def migrate_alone(conn: Connection, db_path: Path, now: datetime, key: bytes, user: str,
                  hold: unit_lock.UnitHold | None) -> list[str]:
    """Migrate holding the unit lock exclusively (refused while others have it open);
    the pre-migration copy gets its own key-file snapshot."""
    if not needs_migration(conn):
        return migrate(conn, db_path, now, key)  # refuses a newer file; finishes post steps
    with unit_lock.exclusive(db_path, user, "upgrade the unit's database", own=hold):
        return migrate(conn, db_path, now, key, on_copy=keys_snapshot(db_path))


def keys_snapshot(db_path: Path) -> _Snapshot:
    return _Snapshot(db_path)


class _Snapshot:
    """Save the unit's key file as it is now beside a copy (``<copy>.keys``)."""

    def __init__(self, db_path: Path) -> None:
        self.keyfile = kf.load(kf.keyfile_path(db_path))

    def __call__(self, copy: Path) -> None:
        kf.save(kf.keyfile_path(copy), self.keyfile)


@dataclass(frozen=True)
class WorkstationCopy:
    kind: str  # PRE_MIGRATION or REPLACED
    db: Path  # the copy's database file (restore --from this)
    removable: Path  # what to delete to remove the copy (file or folder)
    has_keys: bool

    @property
    def name(self) -> str:
        return self.removable.name


def list_copies(db_path: Path) -> list[WorkstationCopy]:
    """Every pre-migration and replaced- copy beside the unit, oldest name first."""
    found: list[WorkstationCopy] = []
    folder = db_path.parent
    for path in sorted(folder.glob(f"{db_path.name}.{PRE_MIGRATION}-v*")):
        if path.is_file() and not path.name.endswith((".keys", ".prev", ".partial",
                                                      "-journal", "-wal", "-shm")):
            found.append(WorkstationCopy(PRE_MIGRATION, path, path,
                                         kf.keyfile_path(path).exists()))
    for path in sorted(folder.glob(f"{db_path.name}.{REPLACED}-*")):
        if path.is_dir():
            inner = path / db_path.name
            found.append(WorkstationCopy(REPLACED, inner, path,
                                         kf.keyfile_path(inner).exists()))
    return found


def _copy_files(copy: WorkstationCopy) -> list[Path]:
    keys = kf.keyfile_path(copy.db)
    return [copy.db, keys, keys.with_name(keys.name + ".prev"),
            *(copy.db.with_name(copy.db.name + s) for s in ("-wal", "-shm", "-journal"))]


def remove_copy(copy: WorkstationCopy) -> None:
    if copy.removable.is_dir():
        shutil.rmtree(copy.removable)
        return
    for path in _copy_files(copy):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@dataclass(frozen=True)
class CopiesAfterRekey:
    reencrypted: int
    removed: int


def follow_rekey(db_path: Path, old_keys: list[bytes], new_key: bytes,
                 keyfile: kf.KeyFile) -> CopiesAfterRekey:
    """Re-encrypt each copy under ``new_key`` with ``keyfile`` (the unit's new key
    file) beside it; remove the copies that no old key opens."""
    done = removed = 0
    for copy in list_copies(db_path):
        if copy.db.exists() and reencrypt_copy(copy.db, old_keys, new_key):
            keys = kf.keyfile_path(copy.db)
            with contextlib.suppress(FileNotFoundError):
                keys.with_name(keys.name + ".prev").unlink()
            with contextlib.suppress(FileNotFoundError):
                keys.unlink()
            kf.save(keys, keyfile)
            done += 1
        else:
            remove_copy(copy)
            removed += 1
    return CopiesAfterRekey(done, removed)
