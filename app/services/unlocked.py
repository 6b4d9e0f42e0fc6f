"""A user's key slot opened at sign-in: what it gives, and the database opened with it.

``Unlocked`` is what ``app.services.unit.unlock`` returns. The database is opened with
one of the keys the slot holds (``open_with_any``), or the user is told why the key
does not fit (``key_does_not_fit``); a slot from release 0.1 is upgraded while the
password is at hand (``upgrade_slot``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import DatabaseError
from app.security import keyfile as kf
from app.security import lockout_lock, slots
from app.storage.connection import Connection, open_connection


@dataclass
class Unlocked:
    """The result of opening a key slot: an open connection and its key."""

    db_path: Path
    username: str
    conn: Connection
    db_key: bytes
    keyfile: kf.KeyFile
    slot: kf.Slot
    opened: slots.OpenedSlot

    @property
    def public(self) -> bytes:
        """The opened slot's public key, checked against its pin."""
        return self.slot.public


def key_does_not_fit(db_path: Path) -> str:
    """Your slot opened, yet its key does not open the database: say what that means."""
    keys = kf.keyfile_path(db_path).name
    return (f"Your password is right, but the key it unlocks does not open {db_path.name}. "
            f"Most often the key file ({keys}) is older than the database: the unit was "
            "re-encrypted after this key file was written (for example a key file restored "
            "or copied on its own). Otherwise the database file is not this unit's, or it "
            "is damaged. Restore the database and its key file together, from the same "
            "backup, or ask a supervisor to run 'csods verify'.")


def open_with_any(db_path: Path, candidates: list[bytes]) -> tuple[Connection, bytes]:
    """The database opened with the first of the slot's keys that fits it."""
    for key in candidates:
        try:
            return open_connection(db_path, key), key
        except DatabaseError:
            continue
    raise DatabaseError(key_does_not_fit(db_path))


def upgrade_slot(unlocked: Unlocked, password: str) -> None:
    """A slot from release 0.1, once the unit has its root: add the slot's signing key
    and bind its wrapping to the root (needs the password, so only at sign-in)."""
    keyfile, name = unlocked.keyfile, unlocked.username
    if not slots.needs_upgrade(unlocked.slot) or not keyfile.root_public:
        return
    slot = slots.rewrap(keyfile, name, unlocked.slot, unlocked.opened, password)
    unlocked.opened = slots.open_slot(keyfile, name, slot, password)
    unlocked.slot = keyfile.slots[name] = slot
    lockout_lock.save_keeping_counts(kf.keyfile_path(unlocked.db_path), keyfile)
