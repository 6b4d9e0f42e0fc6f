"""Checking each audit row's signature: by the key of the user named, never another's.

Rows written before signed audit rows existed (release 0.1) carry none; they
are counted, not failed, up to the first signed row. After it, every row must
be signed, by a key a valid account record gives the signer, and the signer
must be the row's actor (failed sign-ins, entered by whoever signs in next,
are the one exception).
"""

from __future__ import annotations

from app.domain.enums import AuditAction
from app.security import records
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
    if row.actor is not None and signer != row.actor \
            and row.action != AuditAction.FAILED_LOGIN.value:
        return f"signed by {signer}, not by {row.actor}: a row written in another's name"
    try:
        sig = unb64(row.signature or "")
    except ValueError:
        return "its signature is unreadable"
    if not any(verify(key, sig, row.hash.encode("ascii")) for key in keys.get(signer, ())):
        return (f"its signature is not {signer}'s over this row: the row was altered, or "
                "re-chained after an earlier row was")
    return None
