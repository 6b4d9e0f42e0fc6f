"""Key-slot operations: create, open, re-seal; recovery codes; lockout."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.clock import from_iso, to_iso
from app.security.crypto import (
    ROOT_SEAL_INFO,
    DecryptionFailed,
    KdfParams,
    SealedKey,
    derive_key,
    generate_keypair,
    seal,
    unseal,
    unwrap_private_key,
    wrap_private_key,
)
from app.security.keyfile import RECOVERY_SLOT, KeyFile, Slot
from app.security.signing import fingerprint, generate_signing_key, signing_public

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no I, L, O, U, 0, 1
_RECOVERY_GROUPS = 8
_GROUP_LEN = 4


def _aad(keyfile: KeyFile, name: str, version: int = 2) -> bytes:
    """What the wrapping is bound to. Version 2 names the unit root, so a key file
    whose root was swapped opens no slot but the swapper's own (noticed at once)."""
    if version == 1:
        return f"csods/slot/v1/{keyfile.unit_id}/{name}".encode()
    return f"csods/slot/v2/{keyfile.unit_id}/{fingerprint(keyfile.root_public)}/{name}".encode()


@dataclass(frozen=True)
class OpenedSlot:
    """A slot opened with its password: private keys and the database keys it holds."""

    private: bytes  # X25519
    signing: bytes | None  # Ed25519; None for a slot made by release 0.1
    db_keys: list[bytes]  # newest first; empty for administrators and pending accounts


def new_slot(keyfile: KeyFile, name: str, secret: str, db_key: bytes | None,
             kdf: KdfParams | None = None) -> Slot:
    """Fresh X25519 and Ed25519 keys for ``name``, wrapped together by ``secret``,
    holding ``db_key`` (None: an administrator's or a pending account's slot).

    ``kdf`` should come from the database (``slot_pins.kdf``): the key file's copy
    could have been lowered by whoever can write the file."""
    return new_slot_keys(keyfile, name, secret, db_key, kdf)[0]


def new_slot_keys(keyfile: KeyFile, name: str, secret: str, db_key: bytes | None,
                  kdf: KdfParams | None = None) -> tuple[Slot, bytes]:
    """``new_slot``, also returning the new signing private key."""
    private, public = generate_keypair()
    signing, sign_public = generate_signing_key()
    slot = _wrap(keyfile, name, secret, private, signing, public, sign_public,
                 [] if db_key is None else [seal(db_key, public)], kdf)
    return slot, signing


def _wrap(keyfile: KeyFile, name: str, secret: str, private: bytes, signing: bytes,
          public: bytes, sign_public: bytes, sealed: list[SealedKey],
          kdf: KdfParams | None) -> Slot:
    wrapped = wrap_private_key(private + signing, secret, kdf or keyfile.kdf, _aad(keyfile, name))
    return Slot(public=public, wrapped=wrapped, sealed=sealed, sign_public=sign_public, aad=2)


def open_slot(keyfile: KeyFile, name: str, slot: Slot, secret: str) -> OpenedSlot:
    """Unwrap with ``secret``. Raises DecryptionFailed when the secret is wrong."""
    plain = unwrap_private_key(slot.wrapped, secret, _aad(keyfile, name, slot.aad))
    private, signing = plain[:32], (plain[32:64] or None)
    if signing is not None and signing_public(signing) != slot.sign_public:
        raise DecryptionFailed("signing key does not match its public key")
    keys = []
    for sealed in slot.sealed:
        try:
            keys.append(unseal(sealed, private))
        except DecryptionFailed:
            continue
    return OpenedSlot(private, signing, keys)


def rewrap(keyfile: KeyFile, name: str, slot: Slot, opened: OpenedSlot, new_secret: str,
           kdf: KdfParams | None = None) -> Slot:
    """Same keys and sealed keys, wrapped under ``new_secret`` (bound to the root).

    A slot made by release 0.1 gets its signing key here, when its password is known."""
    signing = opened.signing
    sign_public = slot.sign_public
    if signing is None:
        signing, sign_public = generate_signing_key()
    return _wrap(keyfile, name, new_secret, opened.private, signing, slot.public, sign_public,
                 list(slot.sealed), kdf)


def needs_upgrade(slot: Slot) -> bool:
    return slot.aad != 2 or not slot.sign_public


# --- the unit root: an Ed25519 key whose private half only the recovery slot opens ---


def create_root(keyfile: KeyFile) -> bytes:
    """Make the unit root (public half in the key file); return its private key.
    Seal it to the recovery slot with ``seal_root`` once that slot exists."""
    private, public = generate_signing_key()
    keyfile.root_public = public
    return private


def seal_root(keyfile: KeyFile, private: bytes) -> None:
    keyfile.root_sealed = seal(private, keyfile.slots[RECOVERY_SLOT].public, ROOT_SEAL_INFO)


def open_root(keyfile: KeyFile, recovery: OpenedSlot) -> bytes:
    if keyfile.root_sealed is None:
        raise DecryptionFailed("the unit has no root key yet")
    private = unseal(keyfile.root_sealed, recovery.private, ROOT_SEAL_INFO)
    if signing_public(private) != keyfile.root_public:
        raise DecryptionFailed("the root key does not match its public key")
    return private


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
    """The recovery slot. The unit root must exist first (it is bound into the wrap)."""
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


def reseal_all(keyfile: KeyFile, new_key: bytes, keep_old: bool,
               skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Seal ``new_key`` to every slot but ``skip`` (newest first); optionally drop older
    keys."""
    for name, slot in keyfile.slots.items():
        if name in skip:
            continue
        fresh = seal(new_key, slot.public)
        slot.sealed = [fresh, *slot.sealed] if keep_old else [fresh]


def default_kdf() -> KdfParams:
    return KdfParams()
