"""The audit chain head, signed and witnessed outside the database.

At every sign-out the signed head (row id, hash, signer, time) is added to the
key file's ``witness`` list (the last 50 are kept); every backup carries the
key file, and the supervisor's audit tab prints a dated head for the unit's
paper log. ``csods verify`` compares the chain with the highest witnessed
head: truncating the trail, or rewriting and re-chaining it, no longer
matches what was witnessed.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

from app.clock import to_iso
from app.errors import CsodsError
from app.security import keyfile as kf
from app.security import lockout_lock
from app.security.signing import KeySigner, b64, canonical, unb64, verify
from app.storage import audit_repo
from app.storage.connection import Connection

_FIELDS = ("unit", "row", "hash", "at", "by", "key")


def signed_head(conn: Connection, unit_id: str, signer: KeySigner, now: datetime) -> dict[str, Any]:
    row_id, digest = audit_repo.head(conn)
    entry: dict[str, Any] = {"unit": unit_id, "row": row_id, "hash": digest, "at": to_iso(now),
                             "by": signer.name, "key": b64(signer.public)}
    entry["sig"] = signer.sign_data(canonical(entry))
    return entry


def witness_head(db_path: Path, conn: Connection, signer: KeySigner, now: datetime) -> None:
    """Add the signed head to the key file (at sign-out). A failure never blocks signing out."""
    keys_path = kf.keyfile_path(db_path)
    with contextlib.suppress(CsodsError, OSError):
        keyfile = kf.load(keys_path)
        keyfile.add_witness(signed_head(conn, keyfile.unit_id, signer, now))
        lockout_lock.save_keeping_counts(keys_path, keyfile)


def _genuine(entry: dict[str, Any], unit_id: str, keys: dict[str, set[bytes]]) -> bool:
    try:
        body = {name: entry[name] for name in _FIELDS}
        key, sig = unb64(str(entry["key"])), unb64(str(entry["sig"]))
        int(body["row"])
    except (KeyError, ValueError, TypeError):
        return False
    return (body["unit"] == unit_id and key in keys.get(str(body["by"]), set())
            and verify(key, sig, canonical(body)))


def highest(witnesses: list[dict[str, Any]], unit_id: str,
            keys: dict[str, set[bytes]]) -> dict[str, Any] | None:
    genuine = [w for w in witnesses if isinstance(w, dict) and _genuine(w, unit_id, keys)]
    return max(genuine, key=lambda w: int(w["row"]), default=None)


def problems(conn: Connection, witnesses: list[dict[str, Any]], unit_id: str,
             keys: dict[str, set[bytes]]) -> tuple[list[str], dict[str, Any] | None]:
    """Compare the chain with the highest genuine witnessed head."""
    found: list[str] = []
    forged = [w for w in witnesses if not (isinstance(w, dict) and _genuine(w, unit_id, keys))]
    if forged:
        found.append(f"{len(forged)} witnessed head(s) in the key file are not signed by a "
                     "valid account: they were altered or added by hand")
    top = highest(witnesses, unit_id, keys)
    if top is None:
        return found, None
    row = audit_repo.row_at(conn, int(top["row"]))
    last_id, _ = audit_repo.head(conn)
    when = f"witnessed by {top['by']} at {top['at']}"
    if row is None:
        found.append(f"audit rows {last_id + 1} to {top['row']} are missing: the trail ends "
                     f"at row {last_id} but row {top['row']} was {when} (rows were deleted "
                     "from the end)")
    elif row.hash != top["hash"]:
        found.append(f"audit row {top['row']} is not the row {when}: the trail up to it was "
                     "rewritten")
    return found, top
