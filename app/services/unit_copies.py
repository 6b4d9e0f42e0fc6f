"""Copies of the unit kept on the workstation, and how they follow revocation.

Three kinds of copy sit beside the unit database:

* ``unit.db.pre-migration-vN-<time>``: written before a schema upgrade. It
  carries its own key-file snapshot (``….keys``), so the users of that moment
  can open it and ``csods restore --from`` it rolls the upgrade back.
* ``unit.db.replaced-<time>/``: the unit's files as they were before a restore.
* any other copy of this unit in its folder or a folder directly inside it (an
  explicit ``csods backup --out`` kept beside the unit, a file copy): a database
  with a key file beside it (``<copy>.keys``) whose unit id is this unit's.

A rekey re-encrypts every copy it can open (under the key before the rekey) and
gives it the unit's new key slots, so only the remaining accounts open it. A
pre-migration or replaced- copy under a key it cannot open is removed; another
copy is listed as one that cannot follow ("delete it"), never removed silently.
So after ``csods user disable NAME --rekey`` no copy in the unit's folder opens
with NAME's old password. Backups kept elsewhere are the administrator's to
destroy (packaging/INSTALL.md).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.errors import CsodsError
from app.security import keyfile as kf
from app.storage import unit_lock
from app.storage.backup import opens_with, reencrypt_copy
from app.storage.connection import Connection
from app.storage.migrate import migrate, needs_migration

PRE_MIGRATION = "pre-migration"
REPLACED = "replaced"
BACKUP = "backup"  # any other copy of this unit in its folder (e.g. csods backup --out)


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


def list_copies(db_path: Path, unit_id: str | None = None) -> list[WorkstationCopy]:
    """Every copy of the unit in its folder: pre-migration and replaced- copies, then
    the other copies of this unit (``unit_id``; by default the unit's own)."""
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
    if unit_id is None:
        with contextlib.suppress(CsodsError, OSError):
            unit_id = kf.load(kf.keyfile_path(db_path)).unit_id
    if unit_id is not None:
        known = {copy.db for copy in found}
        found += [WorkstationCopy(BACKUP, path, path, True)
                  for path in _other_copies(db_path, unit_id) if path not in known]
    return found


def _other_copies(db_path: Path, unit_id: str) -> list[Path]:
    """Databases in the unit's folder (or a folder directly inside it) with a key file
    of this unit beside them; the live unit and links are left out."""
    folder = db_path.parent
    places = [folder]
    with contextlib.suppress(OSError):
        places += sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    found: list[Path] = []
    for place in places:
        with contextlib.suppress(OSError):
            for keys in sorted(place.glob("*.keys")):
                copy = keys.with_name(keys.name[: -len(".keys")])
                if (keys.is_symlink() or copy.is_symlink() or not keys.is_file()
                        or not copy.is_file() or _same(copy, db_path)):
                    continue
                try:
                    if kf.load(keys).unit_id == unit_id:
                        found.append(copy)
                except (CsodsError, OSError):
                    continue  # not a key file, or another unit's damaged one
    return found


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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
    cannot_follow: tuple[Path, ...] = ()  # other copies no key opened: delete them


def follow_rekey(db_path: Path, old_keys: list[bytes], new_key: bytes,
                 keyfile: kf.KeyFile) -> CopiesAfterRekey:
    """Re-encrypt each copy under ``new_key`` with ``keyfile``'s slots (the unit's new
    key file) beside it. Pre-migration and replaced- copies that no old key opens are
    removed; other copies are listed (``cannot_follow``), never removed."""
    done = removed = 0
    stuck: list[Path] = []
    for copy in list_copies(db_path, keyfile.unit_id):
        if copy.kind == BACKUP:
            if reencrypt_copy(copy.db, old_keys, new_key):
                _give_new_slots(copy.db, keyfile)
                done += 1
            elif not opens_with(copy.db, new_key):  # (an automatic backup already followed)
                stuck.append(copy.db)
        elif copy.db.exists() and reencrypt_copy(copy.db, old_keys, new_key):
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
    return CopiesAfterRekey(done, removed, tuple(stuck))


def _give_new_slots(copy: Path, keyfile: kf.KeyFile) -> None:
    """The copy keeps its own key file (its witnessed heads) with the unit's new slots;
    no ``.prev`` is left holding the old ones."""
    keys = kf.keyfile_path(copy)
    own = kf.load(keys)
    own.slots = dict(keyfile.slots)
    own.disabled = dict(keyfile.disabled)
    own.pending = dict(keyfile.pending)
    for old in (keys.with_name(keys.name + ".prev"), keys):
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    kf.save(keys, own)
