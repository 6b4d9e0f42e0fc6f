"""Which heads found in copies a restore from an older backup explains (#13 item 3).

A restore replaces the unit with an older backup: heads that copies witnessed in the
history it replaced no longer match the live trail. A supervisor's signed row
"restored from backup …" alone excuses nothing (anyone holding a supervisor's key can
write one after cutting rows). A head from a copy that does not match the live trail
is excused only when a restore row dated at or after it exists **and** the unit's
files that restore replaced (``unit.db.replaced-*``, app/services/maintenance.py) are
still on disk and their own trail holds the head (same row, same hash) with its chain
intact from the first row up to the head (every row's hash recomputed from its fields
and the row before: a planted copy keeping only the witnessed head rows is broken),
opened read-only with the unit's key. So a faked restore excuses nothing unless the
rows it hides are still on disk; when its replaced copy is missing or broken the heads
are reported, naming the restore row (and the row at which the copy's trail breaks).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.clock import from_iso
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError
from app.services import account_trust, unit_copies
from app.storage import audit_repo
from app.storage.connection import Connection, open_read_only, sqlite_errors

RESTORED = "restored from backup"
_KEPT = re.compile(r"previous files kept in (?P<name>[^\s;,()]+)")


@dataclass(frozen=True)
class RestoreRow:
    row: int
    at: datetime
    actor: str
    kept: str  # the replaced copy's folder name the row names ("" when none)


def restore_rows(conn: Connection, unit_id: str) -> list[RestoreRow]:
    """Every restore row a supervisor signed, oldest first (a row in another role's
    name is not believed here; verify reports a row whose signature is not its actor's)."""
    try:
        accounts = account_trust.load(conn, unit_id)
        rows = audit_repo.search(conn, audit_repo.AuditQuery(
            action=AuditAction.MAINTENANCE.value, limit=1_000_000))
    except (CsodsError, *sqlite_errors()):  # type: ignore[misc]
        return []
    found: list[RestoreRow] = []
    for row in rows:
        if not (row.detail or "").startswith(RESTORED) or row.signer != row.actor:
            continue
        current = accounts.current(row.actor or "")
        if current is None or current[0].record.role != Role.SUPERVISOR.value:
            continue
        kept = _KEPT.search(row.detail or "")
        with contextlib.suppress(ValueError, TypeError):
            found.append(RestoreRow(row.id, from_iso(row.at), str(row.actor),
                                    kept["name"] if kept else ""))
    return sorted(found, key=lambda r: (r.at, r.row))


def sort_out(conn: Connection, db_path: Path, unit_id: str, heads: list[dict[str, Any]],
             key: bytes | None) -> tuple[list[dict[str, Any]], list[str]]:
    """The heads still to compare with the live trail (the excused ones left out), and
    a line for each restore row that was needed to excuse a head but could not."""
    restores = restore_rows(conn, unit_id)
    if not restores:
        return heads, []
    copies = _Replaced(db_path, key)
    kept: list[dict[str, Any]] = []
    unexplained: dict[int, RestoreRow] = {}
    try:
        for head in heads:
            if _matches(conn, head):
                kept.append(head)
                continue
            later = [r for r in restores if _at_or_before(head, r.at)]
            if later and any(copies.holds(r.kept, head) for r in later):
                continue
            kept.append(head)
            for restore in later:
                unexplained.setdefault(restore.row, restore)
    finally:
        copies.close()
    notes = [f"audit row {r.row} records a restore from a backup by {r.actor} at "
             f"{r.at.isoformat()}, but its replaced copy "
             f"({r.kept or 'not named in the row'}) was not found, or does not hold the "
             f"rows witnessed before it{copies.breaks(r.kept)}: the heads it would explain "
             "are reported"
             for r in sorted(unexplained.values(), key=lambda r: r.row)]
    return kept, notes


def _matches(conn: Connection, head: dict[str, Any]) -> bool:
    try:
        row = audit_repo.row_at(conn, int(head["row"]))
    except (KeyError, ValueError, TypeError, *sqlite_errors()):  # type: ignore[misc]
        return True  # unreadable: left for the comparison to report
    return row is not None and row.hash == head.get("hash")


def _at_or_before(head: dict[str, Any], moment: datetime) -> bool:
    try:
        return from_iso(str(head.get("at"))) <= moment
    except (ValueError, TypeError):
        return False


class _Replaced:
    """The unit's ``replaced-*`` copies, each opened (read-only) once, when needed."""

    def __init__(self, db_path: Path, key: bytes | None) -> None:
        self.key = key
        self.copies = {copy.name: copy.db for copy in unit_copies.list_copies(db_path)
                       if copy.kind == unit_copies.REPLACED}
        self.open: dict[str, Connection | None] = {}
        self.first_break: dict[str, int | None] = {}

    def holds(self, name: str, head: dict[str, Any]) -> bool:
        names = [name] if name else list(self.copies)
        return any(self._holds_in(each, head) for each in names)

    def _holds_in(self, name: str, head: dict[str, Any]) -> bool:
        conn = self._conn(name)
        if conn is None:
            return False
        try:
            row = audit_repo.row_at(conn, int(head["row"]))
        except (KeyError, ValueError, TypeError, *sqlite_errors()):  # type: ignore[misc]
            return False
        if row is None or row.hash != head.get("hash"):
            return False
        broken = self._first_break(name, conn)
        return broken is None or row.id < broken

    def _first_break(self, name: str, conn: Connection) -> int | None:
        """Where the copy's own trail breaks (its chain recomputed once), or None."""
        if name not in self.first_break:
            try:
                self.first_break[name] = audit_repo.first_break(conn)
            except sqlite_errors():
                self.first_break[name] = 0  # unreadable: holds nothing
        return self.first_break[name]

    def breaks(self, name: str) -> str:
        """Words naming the copies whose trail was found broken (for a report line)."""
        names = [name] if name else sorted(self.first_break)
        found = [(each, self.first_break.get(each)) for each in names]
        return "".join(f" ({each}: its audit trail is broken at row {row})" if row else
                       f" ({each}: its audit trail could not be read)"
                       for each, row in found if row is not None)

    def _conn(self, name: str) -> Connection | None:
        if name not in self.open:
            self.open[name] = None
            path = self.copies.get(name)
            if path is not None and self.key is not None:
                with contextlib.suppress(CsodsError, OSError, *sqlite_errors()):
                    self.open[name] = open_read_only(path, self.key)
        return self.open[name]

    def close(self) -> None:
        for conn in self._each():
            with contextlib.suppress(*sqlite_errors()):
                conn.close()

    def _each(self) -> Iterator[Connection]:
        yield from (conn for conn in self.open.values() if conn is not None)
