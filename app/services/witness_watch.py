"""At every sign-in with the key: the key file's witnessed heads against the trail.

Cheap (one row looked up per head, no signature re-checked but the heads'): a
genuine head whose row is missing, or holds another hash, means rows the unit once
had are gone or were rewritten. Such a head is moved to the key file's permanent
``witness_broken`` list (never trimmed, so signing in and out many times does not
forget it), an audit row signed by the user signing in says so, and supervisors are
warned (the status bar at sign-in, the Audit tab, ``csods verify``) until the unit is
restored from a backup that holds the rows. New heads are still witnessed over the
trail as it now is; the broken heads stay beside them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from app.clock import from_iso
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError
from app.security import keyfile as kf
from app.security.signing import KeySigner
from app.services import account_trust, restore_excuse, witness
from app.services.session import Session
from app.storage import audit_repo
from app.storage.connection import Connection

FOUND = "witnessed head(s) no longer match the audit trail"


def _ident(head: dict[str, Any]) -> tuple[object, ...]:
    return (head.get("row"), head.get("hash"), head.get("at"), head.get("by"))


def _broken(conn: Connection, head: dict[str, Any], last_id: int) -> bool:
    row_id = int(head["row"])
    if row_id == 0:
        return False
    if row_id > last_id:
        return True
    row = audit_repo.row_at(conn, row_id)
    return row is None or row.hash != head["hash"]


def check_at_sign_in(conn: Connection, keyfile: kf.KeyFile, signer: KeySigner,
                     now: datetime) -> int:
    """Keep and audit the heads that no longer match; how many were newly found.
    The caller holds the write transaction and saves the key file."""
    keys = account_trust.load(conn, keyfile.unit_id).signing_keys()
    last_id, _ = audit_repo.head(conn)
    known = {_ident(h) for h in keyfile.witness_broken if isinstance(h, dict)}
    found: list[dict[str, Any]] = []
    for head in [*keyfile.witness, *keyfile.witness_high]:
        if not isinstance(head, dict) or _ident(head) in known \
                or not witness.genuine(head, keyfile.unit_id, keys):
            continue
        if _broken(conn, head, last_id):
            known.add(_ident(head))
            found.append(head)
    if not found:
        return 0
    keyfile.witness_broken.extend(found)
    worst = max(found, key=lambda h: int(h["row"]))
    audit_repo.append(
        conn, at=now, actor=signer.name, action=AuditAction.MAINTENANCE, entity="audit",
        detail=(f"{len(found)} {FOUND} (the highest: "
                f"row {worst['row']}, witnessed by {worst['by']} at {worst['at']}; the trail "
                f"now ends at row {last_id}): audit rows were deleted or rewritten outside "
                "the application. Kept in the key file; a supervisor must run csods verify"),
        signer=signer)
    return len(found)


def recorded(conn: Connection, unit_id: str, db_path: Path | None = None) -> list[str]:
    """The sign-ins that found witnessed heads no longer matching, since the latest
    restore whose replaced copy (``db_path``'s ``replaced-*`` folder the restore row
    names) is still on disk: the trail itself keeps them, signed, even if the key file's
    broken heads were stripped afterwards (verify reports each). A restore row alone
    silences nothing."""
    since = _latest_real_restore(conn, unit_id, db_path)
    rows = audit_repo.search(conn, audit_repo.AuditQuery(
        action=AuditAction.MAINTENANCE.value, limit=1_000_000))
    return [f"audit row {row.id}: at the sign-in of {row.actor} at {row.at}, "
            f"{row.detail}" for row in sorted(rows, key=lambda r: r.id)
            if row.entity == "audit" and FOUND in (row.detail or "")
            and (since is None or _later(row.at, since))]


def _latest_real_restore(conn: Connection, unit_id: str,
                         db_path: Path | None) -> datetime | None:
    if db_path is None:
        return None
    real = [row.at for row in restore_excuse.restore_rows(conn, unit_id)
            if row.kept and (db_path.parent / row.kept).is_dir()
            and row.kept.startswith(f"{db_path.name}.replaced-")]
    return max(real, default=None)


def _later(at: str, since: datetime) -> bool:
    try:
        return from_iso(at) > since
    except (ValueError, TypeError):
        return True


def notice(session: Session) -> str:
    """For a supervisor: the warning to show while the key file keeps broken heads."""
    if session.user.role is not Role.SUPERVISOR:
        return ""
    try:
        broken = kf.load(kf.keyfile_path(session.db_path)).witness_broken
    except (CsodsError, OSError):
        return ""
    if not broken:
        return ""
    rows = sorted({str(h.get("row")) for h in broken if isinstance(h, dict)}, key=_number)
    return (f"The audit trail no longer matches {len(broken)} head(s) it once had (row(s) "
            f"{', '.join(rows[:5])}{'…' if len(rows) > 5 else ''}): audit rows were deleted or "
            "rewritten outside the application. Run Verify trail (csods verify) and compare "
            "with the paper log.")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0
