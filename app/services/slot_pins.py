"""Key-slot public keys and the Argon2id cost, pinned in the encrypted database.

The key file is readable and writable by whoever can reach the unit folder; it
is not authenticated. The database is (SQLCipher's HMAC). So the database holds
what the key file must agree with: each account's slot public key and the
recovery slot's, and the KDF cost new slots are wrapped with.
"""

from __future__ import annotations

import base64
import json

from app import settings
from app.errors import KeyFileError
from app.security import keyfile as kf
from app.security.crypto import KdfParams
from app.storage import settings_repo, users_repo
from app.storage.connection import Connection


def _read(conn: Connection, name: str) -> bytes | None:
    if name == kf.RECOVERY_SLOT:
        text = settings_repo.read(conn, settings.RECOVERY_PUBLIC_KEY)
    else:
        text = users_repo.public_key(conn, name) or ""
    return base64.b64decode(text) if text else None


def pin(conn: Connection, name: str, public: bytes) -> None:
    """Record ``public`` as the key of slot ``name`` (inside the caller's transaction)."""
    encoded = base64.b64encode(public).decode("ascii")
    if name == kf.RECOVERY_SLOT:
        settings_repo.write(conn, settings.RECOVERY_PUBLIC_KEY, encoded)
    else:
        users_repo.set_public_key(conn, name, encoded)


def check(conn: Connection, name: str, public: bytes) -> bool:
    """True when the slot matches its pin; a missing pin is set (first use).

    Must run inside a write transaction (it may pin)."""
    known = _read(conn, name)
    if known is None:
        pin(conn, name, public)
        return True
    return known == public


MISMATCH = ("This account's key slot does not match the database: the key file may have "
            "been altered. Nothing was opened. Ask your administrator to reset the password.")


def require(conn: Connection, name: str, public: bytes) -> None:
    if not check(conn, name, public):
        raise KeyFileError(MISMATCH)


def require_read_only(conn: Connection, name: str, public: bytes) -> None:
    """The pin check without a transaction (``csods verify``): a slot that does not
    match its pin is refused; a slot not yet pinned is left for its next sign-in."""
    known = _read(conn, name)
    if known is not None and known != public:
        raise KeyFileError(MISMATCH)


def store_kdf(conn: Connection, params: KdfParams) -> None:
    settings_repo.write(conn, settings.SLOT_KDF, json.dumps(params.to_dict()))


def kdf(conn: Connection, fallback: KdfParams) -> KdfParams:
    """The cost new slots use: the database's, never the (editable) key file's."""
    text = settings_repo.read(conn, settings.SLOT_KDF)
    return KdfParams.from_dict(json.loads(text)) if text else fallback


def weaker_than_pin(conn: Connection, params: KdfParams) -> str:
    """How ``params`` are weaker than the pinned cost ("" when they are not)."""
    text = settings_repo.read(conn, settings.SLOT_KDF)
    if not text:
        return ""
    pinned = KdfParams.from_dict(json.loads(text))
    found = []
    if params.time_cost < pinned.time_cost:
        found.append(f"{params.time_cost} passes, not {pinned.time_cost}")
    if params.memory_kib < pinned.memory_kib:
        found.append(f"{params.memory_kib} KiB, not {pinned.memory_kib}")
    return "; ".join(found)


def swapped_slots(conn: Connection, keyfile: kf.KeyFile) -> list[str]:
    """Names whose key slot in the key file is not the one pinned in the database (read
    only, for ``csods verify``): a slot swapped in by whoever can write the key file."""
    return sorted(name for name, slot in keyfile.slots.items()
                  if (known := _read(conn, name)) is not None and known != slot.public)
