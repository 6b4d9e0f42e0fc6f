"""Checking each audit row's signature: by the key of the user named, never another's.

Rows written before signed audit rows existed (release 0.1) carry none; they
are counted, not failed, up to the first signed row. After it, every row must
be signed, by a key a valid account record gives the signer, and the signer
must be the row's actor. The one exception: a plain failed sign-in (no entity,
one of the fixed sentences the sign-in gate writes), entered by whoever signs in
next; a failed sign-in row in another's name that says more is reported.
"""

from __future__ import annotations

from app.domain.enums import AuditAction
from app.security import pending_events, records
from app.security.signing import unb64, verify
from app.storage import audit_repo
from app.storage.connection import Connection


def problems(conn: Connection, keys: dict[str, set[bytes]], root_public: bytes,
             limit: int = 50) -> tuple[list[str], int]:
    """(problems, unsigned rows before signing began)."""
    keys = {**keys, records.ROOT: {root_public}} if root_public else keys
    found: list[str] = []
    legacy = 0
    signing_began = False
    for row in audit_repo.iter_rows(conn):
        if not row.signature:
            if signing_began:
                found.append(f"audit row {row.id} is not signed (rows after signing began "
                             "must be): it was added or rewritten outside the application")
            else:
                legacy += 1
        else:
            signing_began = True
            problem = _row_problem(row, keys)
            if problem:
                found.append(f"audit row {row.id} ({row.action} by {row.actor or 'unknown'}): "
                             f"{problem}")
        if len(found) >= limit:
            found.append("… further problems not listed")
            break
    return found, legacy


def _row_problem(row: audit_repo.AuditRow, keys: dict[str, set[bytes]]) -> str | None:
    signer = row.signer or ""
    if row.actor is not None and signer != row.actor and not _plain_failed_sign_in(row):
        if row.action == AuditAction.FAILED_LOGIN.value:
            return (f"a failed sign-in row that says more than a failed sign-in (entity "
                    f"{row.entity!r}, detail {(row.detail or '')[:60]!r}), in {row.actor}'s "
                    f"name but signed by {signer}: a row written in another's name")
        return f"signed by {signer}, not by {row.actor}: a row written in another's name"
    try:
        sig = unb64(row.signature or "")
    except ValueError:
        return "its signature is unreadable"
    if not any(verify(key, sig, row.hash.encode("ascii")) for key in keys.get(signer, ())):
        return (f"its signature is not {signer}'s over this row: the row was altered, or "
                "re-chained after an earlier row was")
    return None


def _plain_failed_sign_in(row: audit_repo.AuditRow) -> bool:
    return (pending_events.is_plain_failed_sign_in(row.action, row.entity, row.detail)
            and row.case_ref is None and row.justification is None and row.recipient is None)
