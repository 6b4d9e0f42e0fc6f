"""Password recovery with the unit's recovery code (kept in the unit safe).

The recovery code opens the recovery slot, which holds the database key and
the unit root: the new slot's account record is signed by the root (the
holder of the safe is the second person), entered and audited.
"""

from __future__ import annotations

from pathlib import Path

from app.clock import Clock, SystemClock, to_iso
from app.domain.enums import AuditAction
from app.errors import NotFound
from app.security import keyfile as kf
from app.security import lockout_lock, records, slots
from app.security.signing import KeySigner, b64
from app.services import account_trust, slot_pins
from app.services.passwords import check_password
from app.services.unit import open_root_with_recovery_code
from app.storage import audit_repo
from app.storage.connection import transaction


def recover_password(
    db_path: Path, code: str, username: str, new_password: str, clock: Clock | None = None
) -> None:
    """Give an active user a new slot, opened by the recovery code; audited."""
    clock = clock or SystemClock()
    check_password(username, new_password)
    conn, db_key, root = open_root_with_recovery_code(db_path, code, clock)
    try:
        keys_path = kf.keyfile_path(db_path)
        keyfile = kf.load(keys_path)
        accounts = account_trust.load(conn, keyfile.unit_id)
        found = accounts.current(username)
        if found is None or found[0].record.status != records.ACTIVE:
            raise NotFound(f"There is no active user called '{username}'.")
        current = found[0].record
        holds_key = current.role in records.CASE_ROLES  # administrators hold no key
        slot = slots.new_slot(keyfile, username, new_password, db_key if holds_key else None,
                              slot_pins.kdf(conn, keyfile.kdf))
        now = clock.now()
        rec = records.AccountRecord(keyfile.unit_id, username, current.role, records.ACTIVE,
                                    b64(slot.public), b64(slot.sign_public), current.version + 1,
                                    to_iso(now), "recovered")
        signer = KeySigner(records.ROOT, root)
        signed = records.SignedRecord(rec.text(), ()).signed_by(signer)
        with transaction(conn):
            slot_pins.require(conn, kf.RECOVERY_SLOT, keyfile.slots[kf.RECOVERY_SLOT].public)
            account_trust.store(conn, signed, "", keyfile, to_iso(now))
            audit_repo.append(conn, at=now, actor=records.ROOT, action=AuditAction.USER_ADMIN,
                              entity=f"user:{username}",
                              detail="password set with the unit recovery code "
                              f"(record v{rec.version})", signer=signer)
            keyfile.slots[username] = slot
            keyfile.pending.pop(username, None)
            lockout_lock.save_keeping_counts(keys_path, keyfile, signed_in=username)
    finally:
        conn.close()
