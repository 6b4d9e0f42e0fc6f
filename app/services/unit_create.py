"""Creating a unit: its database, its key file and the first administrator.

A unit is two files: the SQLCipher database (``unit.db``) and its key file
(``unit.db.keys``). ``create_unit`` makes both, or neither (a failure removes
what it had written), and returns the one-time recovery code.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from app import settings
from app.clock import Clock, SystemClock, to_iso
from app.domain import text_policy
from app.domain.enums import AuditAction, Role
from app.errors import UnitExists
from app.security import keyfile as kf
from app.security import records, slots
from app.security.crypto import KdfParams, new_database_key
from app.security.signing import KeySigner, b64
from app.services import account_trust, carry_over, slot_pins, witness
from app.services.passwords import check_password, check_username
from app.storage import audit_repo, file_modes, settings_repo
from app.storage.connection import open_connection, transaction
from app.storage.migrate import migrate


@dataclass(frozen=True)
class NewUnit:
    db_path: Path
    recovery_code: str


def create_unit(
    db_path: Path,
    *,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
    unit_name: str = "Public Protection Unit",
    case_prefix: str = "CSO",
    clock: Clock | None = None,
    kdf: KdfParams | None = None,
) -> NewUnit:
    """Create the database and key file; return the one-time recovery code."""
    clock = clock or SystemClock()
    check_username(admin_username)
    text_policy.require(admin_display_name, "The administrator's name", text_policy.Limit.NAME)
    text_policy.require(unit_name, "The unit name", text_policy.Limit.NAME)
    check_password(admin_username, admin_password)
    keys_path = kf.keyfile_path(db_path)
    for existing in (db_path, keys_path):
        if existing.exists():
            raise UnitExists(f"A unit already exists at {existing}; refusing to overwrite it.")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_key = new_database_key()
    keyfile = kf.KeyFile(unit_id=secrets.token_hex(16), kdf=kdf or slots.default_kdf(),
                         unit_name=unit_name, case_prefix=case_prefix)
    root = slots.create_root(keyfile)
    admin_slot, admin_signing = slots.new_slot_keys(keyfile, admin_username, admin_password,
                                                    None)
    keyfile.slots[admin_username] = admin_slot
    code = slots.new_recovery_code()
    slots.add_recovery_slot(keyfile, code, db_key)
    slots.seal_root(keyfile, root)
    now = clock.now()
    admin_record = records.SignedRecord(records.AccountRecord(
        keyfile.unit_id, admin_username, Role.ADMINISTRATOR.value, records.ACTIVE,
        b64(admin_slot.public), b64(admin_slot.sign_public), 1, to_iso(now), "created",
    ).text(), ()).with_signature(records.ROOT, root)
    signer = KeySigner(admin_username, admin_signing)
    conn = open_connection(db_path, db_key, create=True)
    file_modes.restrict(db_path)  # before any content; -wal and -shm follow its mode
    try:
        migrate(conn, db_path, now, db_key)
        with transaction(conn):
            settings_repo.write(conn, settings.UNIT_ID, keyfile.unit_id)
            settings_repo.write(conn, settings.UNIT_NAME, unit_name)
            settings_repo.write(conn, settings.CASE_PREFIX, case_prefix)
            settings_repo.write(conn, settings.CREATED_AT, to_iso(now))
            account_trust.set_root_public(conn, keyfile.root_public)
            carry_over.store_sealed_root(conn, keyfile)
            account_trust.store(conn, admin_record, admin_display_name or admin_username,
                                keyfile, to_iso(now))
            slot_pins.pin(conn, admin_username, keyfile.slots[admin_username].public)
            slot_pins.pin(conn, kf.RECOVERY_SLOT, keyfile.slots[kf.RECOVERY_SLOT].public)
            slot_pins.store_kdf(conn, keyfile.kdf)
            audit_repo.append(conn, at=now, actor=admin_username,
                              action=AuditAction.MAINTENANCE, entity="unit",
                              detail="unit created", signer=signer)
            audit_repo.append(conn, at=now, actor=admin_username, action=AuditAction.USER_ADMIN,
                              entity=f"user:{admin_username}",
                              detail="first administrator account created", signer=signer)
            keyfile.add_witness(witness.signed_head(conn, keyfile.unit_id, signer, now))
        kf.save(keys_path, keyfile)
    except BaseException:
        conn.close()
        for leftover in (db_path, keys_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    conn.close()
    return NewUnit(db_path, code)
