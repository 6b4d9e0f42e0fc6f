"""Every witnessed head ``csods verify`` can find, not only the key file's.

Putting the key file's previous version (``.prev``) back over it is one file copy;
the heads a unit's backups carry are not rolled back with it. So verify gathers the
signed heads in (#13 item 3):

* the key file and its ``.prev`` (as they were before verify's own sign-in, and now),
  with their rolling, highest and broken heads;
* every key file beside the unit: first the known copies (explicit backups kept there,
  pre-migration copies, the ``replaced-*`` folders; app/services/unit_copies.py), then
  any other;
* every key file in the configured automatic backup folder, this unit's automatic
  backups first (app/services/auto_backup.py), with their ``.prev``.

Only heads of this unit (its unit id, signed by one of its accounts) count; a file is
read and its unit id checked before any bound applies, so files of other units (or
junk) cannot crowd the real copies out; a folder with more key files than the bound is
reported, not passed over in silence. The chain is compared with all of them
(app/services/witness.py). A restore row alone silences nothing: a head from a copy
that no longer matches the trail is excused only by a restore whose replaced copy is
still on disk and holds it (app/services/restore_excuse.py).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from app import settings
from app.errors import CsodsError
from app.security import keyfile as kf
from app.services import auto_backup, restore_excuse, unit_copies, witness
from app.storage import settings_repo
from app.storage.connection import Connection, sqlite_errors

#: Bounds, so a folder full of files cannot make verify slow: key files of this unit
#: read per folder, and files looked at per folder (others' and junk included).
MOST_FILES = 400
MOST_LOOKED_AT = 5000
LARGEST_FILE = 8 * 1024 * 1024
RESTORED = restore_excuse.RESTORED


def gather(conn: Connection, db_path: Path, keyfile: kf.KeyFile,
           earlier: list[dict[str, Any]], copies: bool = True,
           key: bytes | None = None) -> list[dict[str, Any]]:
    """The heads to compare with the trail (see :func:`gather_noted`)."""
    return gather_noted(conn, db_path, keyfile, earlier, copies, key)[0]


def gather_noted(conn: Connection, db_path: Path, keyfile: kf.KeyFile,
                 earlier: list[dict[str, Any]], copies: bool = True,
                 key: bytes | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """The key file's heads (and ``earlier``: as they were before this check signed in),
    then, with ``copies`` (the live unit, not a backup being checked), every head found
    in copies that a real restore does not explain (``key`` opens the replaced copies);
    and the problems found on the way (a folder too full to read; a restore row whose
    replaced copy is missing)."""
    keys_path = kf.keyfile_path(db_path)
    own = [*witness.all_witnesses(keys_path, keyfile.all_heads()), *earlier]
    if not copies:
        return own, []
    found, notes = copies_heads_noted(conn, db_path, keyfile.unit_id)
    kept, unexplained = restore_excuse.sort_out(conn, db_path, keyfile.unit_id, found, key)
    return [*own, *kept], [*notes, *unexplained]


def copies_heads(conn: Connection, db_path: Path, unit_id: str) -> list[dict[str, Any]]:
    """The heads in every key file of a copy of this unit, each marked with where."""
    return copies_heads_noted(conn, db_path, unit_id)[0]


def copies_heads_noted(conn: Connection, db_path: Path,
                       unit_id: str) -> tuple[list[dict[str, Any]], list[str]]:
    found: list[dict[str, Any]] = []
    notes: list[str] = []
    own = kf.keyfile_path(db_path)
    done = {own, own.with_name(own.name + ".prev")}
    for folder, first in _folders(conn, db_path, unit_id):
        read = looked = 0
        for path in _keys_in(folder, first):
            if path in done:
                continue
            done.add(path)
            looked += 1
            if looked > MOST_LOOKED_AT or read >= MOST_FILES:
                notes.append(f"more than {MOST_FILES if read >= MOST_FILES else MOST_LOOKED_AT}"
                             f" key files in {folder}; the check did not read them all "
                             "(remove the files that are not the unit's copies)")
                break
            copy = _of_this_unit(path, unit_id)
            if copy is None:
                continue
            read += 1
            found += [{**head, witness.SEEN_IN: _where(path, db_path)}
                      for head in copy.all_heads() if isinstance(head, dict)]
    return found, notes


def _of_this_unit(path: Path, unit_id: str) -> kf.KeyFile | None:
    """The key file at ``path`` when it is one of this unit's (its unit id checked on
    the raw JSON first, so others' files and junk cost one read each)."""
    try:
        if path.stat().st_size > LARGEST_FILE:
            return None
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("unit_id") != unit_id:
            return None
        return kf.KeyFile.from_json(text)
    except (CsodsError, OSError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError):
        return None


def _where(path: Path, db_path: Path) -> str:
    if path.parent == db_path.parent:
        return path.name
    return str(path)


def _folders(conn: Connection, db_path: Path,
             unit_id: str) -> Iterator[tuple[Path, list[Path]]]:
    """Each folder to look in, with the key files known to be of the unit's copies there
    (read first)."""
    known: dict[Path, list[Path]] = {db_path.parent: []}
    for copy in unit_copies.list_copies(db_path, unit_id):
        known.setdefault(copy.db.parent, []).append(kf.keyfile_path(copy.db))
    for place, keys in known.items():
        yield place, _with_prev(keys)
    folder = ""
    with contextlib.suppress(*sqlite_errors()):
        folder = settings_repo.read(conn, settings.BACKUP_FOLDER)
    if folder:
        autos = auto_backup.ours(Path(folder), unit_id)
        yield Path(folder), _with_prev([kf.keyfile_path(p) for p in reversed(autos)])


def _with_prev(paths: list[Path]) -> list[Path]:
    return [each for path in paths for each in (path, path.with_name(path.name + ".prev"))]


def _keys_in(folder: Path, first: list[Path]) -> list[Path]:
    """The known key files first, then every other one in the folder, newest first."""
    others: list[Path] = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.endswith((".keys", ".keys.prev")):
                others.append(path)
    others.sort(key=_mtime, reverse=True)
    return [path for path in dict.fromkeys([*first, *others])
            if path.is_file() and not path.is_symlink()]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def latest_restore(conn: Connection, unit_id: str) -> datetime | None:
    """When the unit was last restored from a backup, by a supervisor (a signed row)."""
    found = restores(conn, unit_id)
    return found[-1] if found else None


def restores(conn: Connection, unit_id: str) -> list[datetime]:
    """Every restore of the unit from a backup, oldest first: the rows a supervisor
    signed saying so (app/services/restore_excuse.py)."""
    return sorted(row.at for row in restore_excuse.restore_rows(conn, unit_id))
