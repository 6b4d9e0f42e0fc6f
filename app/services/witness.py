"""The audit chain head, signed and witnessed outside the database.

At every sign-in and sign-out the signed head (row id, hash, signer, time) is
added to the key file's ``witness`` list (the last 50 are kept; the highest three
ever, and any found no longer to match the trail, are kept apart for good); every
backup carries the key file, and the supervisor's audit tab prints a dated head for
the unit's paper log. ``csods verify`` compares the chain with the highest witnessed
head: truncating the trail, or rewriting and re-chaining it, no longer
matches what was witnessed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
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
#: Not signed: where verify found a head (a backup's or a copy's key file), to name it.
SEEN_IN = "seen_in"


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
        # Saved twice: the previous version (``.prev``) then holds this head too, so
        # putting ``.prev`` back over the key file does not take it away.
        lockout_lock.save_keeping_counts(keys_path, keyfile)


def genuine(entry: dict[str, Any], unit_id: str, keys: dict[str, set[bytes]]) -> bool:
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
    genuine = [w for w in witnesses if isinstance(w, dict) and genuine(w, unit_id, keys)]
    return max(genuine, key=lambda w: int(w["row"]), default=None)


def problems(conn: Connection, witnesses: list[dict[str, Any]], unit_id: str,
             keys: dict[str, set[bytes]]) -> tuple[list[str], dict[str, Any] | None]:
    """Compare the chain with EVERY genuine witnessed head, not only the highest.

    A later sign-out witnesses whatever the trail then is, so checking only the newest
    witness would bless a trail cut after an older one was written: each witnessed row
    must still exist with the hash it had (rows deleted from the end, or cut and then
    written again, are reported with the witness that saw them).
    """
    found: list[str] = []
    forged = [w for w in _distinct(w for w in witnesses if isinstance(w, dict))
              if not genuine(w, unit_id, keys)]
    forged += [w for w in witnesses if not isinstance(w, dict)]
    if forged:
        places = sorted({str(w.get(SEEN_IN, "the key file")) for w in forged
                         if isinstance(w, dict)})
        found.append(f"{len(forged)} witnessed head(s) in {', '.join(places) or 'the key file'}"
                     " are not signed by a valid account: they were altered or added by hand")
    trusted = _distinct(w for w in witnesses if isinstance(w, dict)
                        and genuine(w, unit_id, keys))
    top = max(trusted, key=lambda w: int(w["row"]), default=None)
    if top is None:
        return found, None
    last_id, _ = audit_repo.head(conn)
    missing = [w for w in trusted if int(w["row"]) > last_id]
    if missing:
        worst = max(missing, key=lambda w: int(w["row"]))
        found.append(f"audit rows {last_id + 1} to {worst['row']} are missing: the trail ends "
                     f"at row {last_id} but row {worst['row']} was {_when(worst)} (rows were "
                     "deleted from the end)")
    for entry in sorted(trusted, key=lambda w: int(w["row"])):
        if int(entry["row"]) > last_id or int(entry["row"]) == 0:
            continue
        row = audit_repo.row_at(conn, int(entry["row"]))
        if row is None:
            found.append(f"audit row {entry['row']} is missing: it was {_when(entry)}")
        elif row.hash != entry["hash"]:
            found.append(f"audit row {entry['row']} is not the row {_when(entry)}: the trail "
                         "from there was cut or rewritten")
    return found, top


def _when(entry: dict[str, Any]) -> str:
    where = f", found in {entry[SEEN_IN]}" if SEEN_IN in entry else ""
    return f"witnessed by {entry['by']} at {entry['at']}{where}"


def _distinct(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each witnessed head once (the key file and its previous version share most)."""
    seen: set[tuple[object, ...]] = set()
    out: list[dict[str, Any]] = []
    for entry in entries:
        key = (entry.get("row"), entry.get("hash"), entry.get("at"), entry.get("by"))
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def all_witnesses(keys_path: Path, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The key file's witnessed heads and its previous version's (``.prev``): deleting
    recent witnesses from the key file alone does not hide them."""
    previous = keys_path.with_name(keys_path.name + ".prev")
    older: list[dict[str, Any]] = []
    with contextlib.suppress(CsodsError, OSError):
        if previous.exists():
            older = kf.read_one(previous).all_heads()
    return [*current, *older]


def witnesses_on_disk(keys_path: Path) -> list[dict[str, Any]]:
    """Every witnessed head in the key file and its ``.prev`` as they are now (read before
    a sign-in rewrites them); empty when neither can be read."""
    current: list[dict[str, Any]] = []
    with contextlib.suppress(CsodsError, OSError):
        current = kf.read_one(keys_path).all_heads()
    return all_witnesses(keys_path, current)
