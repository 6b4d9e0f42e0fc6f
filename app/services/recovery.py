"""Password recovery with the unit's recovery code (kept in the unit safe)."""

from __future__ import annotations

from pathlib import Path

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction
from app.errors import NotFound
from app.security import keyfile as kf
from app.security import slots
from app.services import slot_pins
from app.services.passwords import check_password
from app.services.unit import open_with_recovery_code
from app.storage import audit_repo, users_repo
from app.storage.connection import transaction


def recover_password(
    db_path: Path, code: str, username: str, new_password: str, clock: Clock | None = None
) -> None:
    """Give an active user a new slot, opened by the recovery code; audited."""
    clock = clock or SystemClock()
    check_password(username, new_password)
    conn, db_key = open_with_recovery_code(db_path, code, clock)
    try:
        row = users_repo.by_username(conn, username)
        if row is None or not row.active:
            raise NotFound(f"There is no active user called '{username}'.")
        keys_path = kf.keyfile_path(db_path)
        keyfile = kf.load(keys_path)
        slot = slots.new_slot(keyfile, username, new_password, db_key,
                              slot_pins.kdf(conn, keyfile.kdf))
        with transaction(conn):
            slot_pins.require(conn, kf.RECOVERY_SLOT, keyfile.slots[kf.RECOVERY_SLOT].public)
            slot_pins.pin(conn, username, slot.public)
            audit_repo.append(conn, at=clock.now(), actor=None, action=AuditAction.USER_ADMIN,
                              entity=f"user:{username}",
                              detail="password set with the unit recovery code")
            keyfile.slots[username] = slot
            slots.clear_failures(keyfile, username)
            kf.save(keys_path, keyfile)
    finally:
        conn.close()
