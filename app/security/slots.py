"""Key-slot operations: create, open, re-seal; recovery codes; lockout."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from app.clock import from_iso, to_iso
from app.security.crypto import (
    DecryptionFailed,
    KdfParams,
    derive_key,
    generate_keypair,
    seal,
    unseal,
    unwrap_private_key,
    wrap_private_key,
)
from app.security.keyfile import RECOVERY_SLOT, KeyFile, Slot

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no I, L, O, U, 0, 1
_RECOVERY_GROUPS = 8
_GROUP_LEN = 4


def _aad(keyfile: KeyFile, name: str) -> bytes:
    return f"csods/slot/v1/{keyfile.unit_id}/{name}".encode()


def new_slot(keyfile: KeyFile, name: str, secret: str, db_key: bytes,
             kdf: KdfParams | None = None) -> Slot:
    """A fresh key pair for ``name``, wrapped by ``secret``, holding ``db_key``.

    ``kdf`` should come from the database (``slot_pins.kdf``): the key file's copy
    could have been lowered by whoever can write the file."""
    private, public = generate_keypair()
    wrapped = wrap_private_key(private, secret, kdf or keyfile.kdf, _aad(keyfile, name))
    return Slot(public=public, wrapped=wrapped, sealed=[seal(db_key, public)])


def open_slot(keyfile: KeyFile, name: str, slot: Slot, secret: str) -> tuple[bytes, list[bytes]]:
    """Unwrap with ``secret``; return (private key, candidate database keys newest first).

    Raises DecryptionFailed when the secret is wrong.
    """
    private = unwrap_private_key(slot.wrapped, secret, _aad(keyfile, name))
    keys = []
    for sealed in slot.sealed:
        try:
            keys.append(unseal(sealed, private))
        except DecryptionFailed:
            continue
    return private, keys


def rewrap(keyfile: KeyFile, name: str, slot: Slot, private: bytes, new_secret: str,
           kdf: KdfParams | None = None) -> Slot:
    """Same key pair and sealed keys, wrapped under a new password."""
    wrapped = wrap_private_key(private, new_secret, kdf or keyfile.kdf, _aad(keyfile, name))
    return Slot(public=slot.public, wrapped=wrapped, sealed=list(slot.sealed))


def spend_equal_effort(keyfile: KeyFile, secret: str) -> None:
    """Do the same Argon2id work as a real unwrap, so unknown users take as long."""
    derive_key(secret, b"\x00" * 16, keyfile.kdf)


def new_recovery_code() -> str:
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _GROUP_LEN)]
    groups = ["".join(chars[i : i + _GROUP_LEN]) for i in range(0, len(chars), _GROUP_LEN)]
    return "-".join(groups)


def normalise_recovery_code(text: str) -> str:
    """Accept the code however it was typed: any case, spaces or dashes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    groups = [cleaned[i : i + _GROUP_LEN] for i in range(0, len(cleaned), _GROUP_LEN)]
    return "-".join(groups)


def add_recovery_slot(keyfile: KeyFile, code: str, db_key: bytes) -> None:
    keyfile.slots[RECOVERY_SLOT] = new_slot(
        keyfile, RECOVERY_SLOT, normalise_recovery_code(code), db_key
    )


# --- lockout (kept in the key file: needed before the database opens) -------


def lockout_id(keyfile: KeyFile, username: str) -> str:
    """Counters are keyed by a hash so typed-in names are not kept in clear."""
    return hashlib.sha256(f"{keyfile.unit_id}/{username.casefold()}".encode()).hexdigest()[:32]


def locked_until(keyfile: KeyFile, username: str, now: datetime) -> datetime | None:
    entry = keyfile.lockout.get(lockout_id(keyfile, username))
    if not entry or not entry.get("locked_until"):
        return None
    until = from_iso(str(entry["locked_until"]))
    return until if until > now else None


def record_failure(keyfile: KeyFile, username: str, now: datetime) -> datetime | None:
    """Count a failure; return the lock expiry if this failure locks the account."""
    key = lockout_id(keyfile, username)
    entry: dict[str, Any] = keyfile.lockout.get(key) or {"failures": 0, "locked_until": None}
    if entry.get("locked_until") and from_iso(str(entry["locked_until"])) <= now:
        entry = {"failures": 0, "locked_until": None}
    entry["failures"] = int(entry["failures"]) + 1
    entry["last"] = to_iso(now)
    until = None
    if entry["failures"] >= MAX_FAILURES:
        until = now + LOCKOUT
        entry["locked_until"] = to_iso(until)
        entry["failures"] = 0
    keyfile.lockout[key] = entry
    prune_lockouts(keyfile, now)
    return until


COUNTER_LIFETIME = timedelta(days=1)


def prune_lockouts(keyfile: KeyFile, now: datetime) -> None:
    """Forget counters that are neither locking nor recent: the key file should not
    keep (hashes of) every name ever typed."""
    for key, entry in list(keyfile.lockout.items()):
        locked = entry.get("locked_until")
        if locked and from_iso(str(locked)) > now:
            continue
        last = entry.get("last")
        if not last or from_iso(str(last)) < now - COUNTER_LIFETIME or locked:
            del keyfile.lockout[key]


def clear_failures(keyfile: KeyFile, username: str) -> bool:
    return keyfile.lockout.pop(lockout_id(keyfile, username), None) is not None


def reseal_all(keyfile: KeyFile, new_key: bytes, keep_old: bool) -> None:
    """Seal ``new_key`` to every slot (newest first); optionally drop older keys."""
    for slot in keyfile.slots.values():
        fresh = seal(new_key, slot.public)
        slot.sealed = [fresh, *slot.sealed] if keep_old else [fresh]


def default_kdf() -> KdfParams:
    return KdfParams()
