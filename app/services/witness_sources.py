"""Every witnessed head ``csods verify`` can find, not only the key file's.

Putting the key file's previous version (``.prev``) back over it is one file copy;
the heads a unit's backups carry are not rolled back with it. So verify gathers the
signed heads in (#13 item 3):

* the key file and its ``.prev`` (as they were before verify's own sign-in, and now),
  with their rolling, highest and broken heads;
* every key file beside the unit (explicit backups kept there, pre-migration copies)
  and in its ``replaced-*`` folders (app/services/unit_copies.py);
* every key file in the configured automatic backup folder (app/services/auto_backup.py),
  with its ``.prev``.

Only heads of this unit (its unit id, signed by one of its accounts) count; the chain
is compared with all of them (app/services/witness.py). A restore from an older backup
(a supervisor's signed "restored from backup" row) starts a new history: heads found in
copies that were witnessed before the latest restore are of the history it replaced and
are not compared.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from app import settings
from app.clock import from_iso
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError
from app.security import keyfile as kf
from app.services import account_trust, unit_copies, witness
from app.storage import audit_repo, settings_repo
from app.storage.connection import Connection, sqlite_errors

#: Bounds, so a folder full of files cannot make verify slow.
MOST_FILES = 400
LARGEST_FILE = 8 * 1024 * 1024
RESTORED = "restored from backup"


def gather(conn: Connection, db_path: Path, keyfile: kf.KeyFile,
           earlier: list[dict[str, Any]], copies: bool = True) -> list[dict[str, Any]]:
    """The key file's heads (and ``earlier``: as they were before this check signed in),
    then, with ``copies`` (the live unit, not a backup being checked), every head found
    in copies, of this history."""
    keys_path = kf.keyfile_path(db_path)
    own = [*witness.all_witnesses(keys_path, keyfile.all_heads()), *earlier]
    if not copies:
        return own
    since = latest_restore(conn, keyfile.unit_id)
    found = [head for head in copies_heads(conn, db_path, keyfile.unit_id)
             if since is None or _after(head, since)]
    return [*own, *found]


def copies_heads(conn: Connection, db_path: Path, unit_id: str) -> list[dict[str, Any]]:
    """The heads in every key file of a copy of this unit, each marked with where."""
    found: list[dict[str, Any]] = []
    for path in _key_files(conn, db_path):
        try:
            if path.stat().st_size > LARGEST_FILE:
                continue
            copy = kf.KeyFile.from_json(path.read_text(encoding="utf-8"))
        except (CsodsError, OSError, ValueError, KeyError, TypeError, AttributeError,
                RecursionError):
            continue
        if copy.unit_id != unit_id:
            continue
        for head in copy.all_heads():
            if isinstance(head, dict):
                found.append({**head, witness.SEEN_IN: _where(path, db_path)})
    return found


def _where(path: Path, db_path: Path) -> str:
    if path.parent == db_path.parent:
        return path.name
    return str(path)


def _key_files(conn: Connection, db_path: Path) -> list[Path]:
    own = kf.keyfile_path(db_path)
    skip = {own, own.with_name(own.name + ".prev")}
    paths: list[Path] = []
    for folder in _folders(conn, db_path):
        paths += _keys_in(folder)
    unique = [p for p in dict.fromkeys(paths) if p not in skip]
    unique.sort(key=_mtime, reverse=True)
    return unique[:MOST_FILES]


def _folders(conn: Connection, db_path: Path) -> Iterator[Path]:
    yield db_path.parent
    for copy in unit_copies.list_copies(db_path):
        if copy.removable.is_dir():
            yield copy.removable
    folder = ""
    with contextlib.suppress(*sqlite_errors()):
        folder = settings_repo.read(conn, settings.BACKUP_FOLDER)
    if folder:
        yield Path(folder)


def _keys_in(folder: Path) -> list[Path]:
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.endswith((".keys", ".keys.prev")) and path.is_file() \
                    and not path.is_symlink():
                found.append(path)
    return found


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
    signed saying so (a row in another role's name is not believed here; verify reports
    a row whose signature is not its actor's)."""
    try:
        accounts = account_trust.load(conn, unit_id)
        rows = audit_repo.search(conn, audit_repo.AuditQuery(
            action=AuditAction.MAINTENANCE.value, limit=1_000_000))
    except (CsodsError, *sqlite_errors()):  # type: ignore[misc]
        return []
    found: list[datetime] = []
    for row in rows:
        if not (row.detail or "").startswith(RESTORED) or row.signer != row.actor:
            continue
        current = accounts.current(row.actor or "")
        if current is None or current[0].record.role != Role.SUPERVISOR.value:
            continue
        with contextlib.suppress(ValueError, TypeError):
            found.append(from_iso(row.at))
    return sorted(found)


def _after(head: dict[str, Any], since: datetime) -> bool:
    try:
        return from_iso(str(head.get("at"))) > since  # the same second: ambiguous, left
    except (ValueError, TypeError):
        return True  # unreadable: compared (and reported if not genuine)
