"""``csods verify --backup``: a backup against the live unit, not only its own key file.

A backup's key file carries the head of the trail it copied; whoever strips that head
and cuts the backup's trail would leave a backup that checks clean against itself.
When the backup is of the unit being checked (same unit id), it is also compared with
what the live unit knows (#13 item 3):

* the live trail's row recording this copy being taken (``encrypted backup taken:
  NAME``, ``automatic backup at sign-out: NAME``): the copy was made after that row,
  so it must hold it, unchanged;
* every head the live unit has witnessed (key file, its ``.prev``, other copies) at a
  row the backup holds: the backup's row there must be the witnessed one. A backup
  older than a head holds no row there and is simply older. Heads of another history
  (witnessed across a restore from an older backup) are not compared.

A renamed backup is checked against the heads only.
"""

from __future__ import annotations

import bisect
import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

from app import settings
from app.clock import from_iso
from app.domain.enums import AuditAction
from app.errors import CsodsError
from app.security import keyfile as kf
from app.services import account_trust, witness, witness_sources
from app.services.session import Session
from app.storage import audit_repo, settings_repo
from app.storage.connection import Connection, sqlite_errors

TAKEN = ("encrypted backup taken: ", "automatic backup at sign-out: ")


def taken_detail(name: str) -> str:
    """The detail of the audit row recording a key holder's backup named ``name``."""
    return TAKEN[0] + name


def problems(live: Session, backup: Connection, source: Path) -> list[str]:
    """What in the backup's trail disagrees with the live unit (none for another unit)."""
    try:
        unit_id = settings_repo.read(live.conn, settings.UNIT_ID)
        if not unit_id or settings_repo.read(backup, settings.UNIT_ID) != unit_id:
            return []
        return [*_taken_problems(live.conn, backup, source.name),
                *_head_problems(live, backup, unit_id)]
    except (CsodsError, *sqlite_errors()) as exc:  # type: ignore[misc]
        return [f"the backup could not be compared with the unit's witnessed heads ({exc})"]


def _taken_problems(conn: Connection, backup: Connection, name: str) -> list[str]:
    wanted = {prefix + name for prefix in TAKEN}
    rows = [row for row in audit_repo.search(conn, audit_repo.AuditQuery(
        action=AuditAction.EXPORT.value, limit=1_000_000)) if row.detail in wanted]
    if not rows:
        return []
    last_id, _ = audit_repo.head(backup)
    if any(_holds(backup, row.id, row.hash) for row in rows if row.id <= last_id):
        return []
    latest = max(rows, key=lambda row: row.id)
    if last_id < latest.id:
        return [f"the backup's audit trail ends at row {last_id}, but the unit's audit row "
                f"{latest.id} (by {latest.actor} at {latest.at}) records this copy, {name}, "
                f"being taken after that row: rows were deleted from the end of the backup"]
    return [f"the backup's audit row {latest.id} is not the unit's row recording this copy, "
            f"{name}, being taken: the backup's trail was cut or rewritten"]


def _holds(backup: Connection, row_id: int, digest: str) -> bool:
    row = audit_repo.row_at(backup, row_id)
    return row is not None and row.hash == digest


def _head_problems(live: Session, backup: Connection, unit_id: str) -> list[str]:
    conn = live.conn
    keyfile = kf.load(kf.keyfile_path(live.db_path))
    keys = account_trust.load(conn, unit_id).signing_keys()
    heads = witness_sources.gather(conn, live.db_path, keyfile, [], key=live.db_key)
    restores = witness_sources.restores(conn, unit_id)
    last_id, _ = audit_repo.head(backup)
    last = audit_repo.row_at(backup, last_id)
    era = _era(restores, last.at if last is not None else None)
    found: list[str] = []
    seen: set[tuple[object, ...]] = set()
    for head in heads:
        if not isinstance(head, dict) or not witness.genuine(head, unit_id, keys):
            continue
        ident = (head.get("row"), head.get("hash"))
        row_id = int(head["row"])
        if ident in seen or not 0 < row_id <= last_id or _era(restores, head["at"]) != era \
                or _at_a_restore(restores, head["at"]):
            continue
        seen.add(ident)
        if not _holds(backup, row_id, str(head["hash"])):
            found.append(f"the backup's audit row {row_id} is not the row {_when(head)}: "
                         "the backup's trail was cut or rewritten")
    return found


def _era(restores: list[datetime], at: Any) -> int:
    """How many restores came before ``at`` (heads of one era share one history)."""
    moment: datetime | None = None
    with contextlib.suppress(ValueError, TypeError):
        moment = from_iso(str(at))
    return len(restores) if moment is None else bisect.bisect_right(restores, moment)


def _at_a_restore(restores: list[datetime], at: Any) -> bool:
    """Witnessed in the very second of a restore: of which history is not known."""
    with contextlib.suppress(ValueError, TypeError):
        return from_iso(str(at)) in restores
    return False


def _when(head: dict[str, Any]) -> str:
    where = head.get(witness.SEEN_IN, "the unit's key file")
    return f"witnessed by {head['by']} at {head['at']} (in {where})"
