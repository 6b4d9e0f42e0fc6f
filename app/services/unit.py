"""Creating a unit and signing in to it.

A unit is two files: the SQLCipher database (``unit.db``) and its key file
(``unit.db.keys``). Signing in unwraps the user's key slot with their
password, unseals the database key, and opens the database.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from app import file_faults, settings
from app.clock import Clock, SystemClock, from_iso, to_iso
from app.domain import text_policy
from app.domain.enums import AuditAction, Role
from app.errors import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    CsodsError,
    DatabaseError,
    UnitExists,
    UnitNotFound,
)
from app.security import keyfile as kf
from app.security import lockout_lock, slots
from app.security.crypto import DecryptionFailed, KdfParams, new_database_key
from app.services import slot_pins, unit_copies
from app.services.passwords import check_password, check_username
from app.services.session import Session, User
from app.storage import audit_repo, file_modes, settings_repo, unit_lock, users_repo
from app.storage.connection import (
    Connection,
    open_connection,
    rollback_quietly,
    sqlite_errors,
    transaction,
)
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
    keyfile = kf.KeyFile(unit_id=secrets.token_hex(16), kdf=kdf or slots.default_kdf())
    keyfile.slots[admin_username] = slots.new_slot(keyfile, admin_username, admin_password, db_key)
    code = slots.new_recovery_code()
    slots.add_recovery_slot(keyfile, code, db_key)
    now = clock.now()
    conn = open_connection(db_path, db_key, create=True)
    file_modes.restrict(db_path)  # before any content; -wal and -shm follow its mode
    try:
        migrate(conn, db_path, now, db_key)
        with transaction(conn):
            settings_repo.write(conn, settings.UNIT_ID, keyfile.unit_id)
            settings_repo.write(conn, settings.UNIT_NAME, unit_name)
            settings_repo.write(conn, settings.CASE_PREFIX, case_prefix)
            settings_repo.write(conn, settings.CREATED_AT, to_iso(now))
            users_repo.insert(conn, admin_username, admin_display_name or admin_username,
                              Role.ADMINISTRATOR, now)
            slot_pins.pin(conn, admin_username, keyfile.slots[admin_username].public)
            slot_pins.pin(conn, kf.RECOVERY_SLOT, keyfile.slots[kf.RECOVERY_SLOT].public)
            slot_pins.store_kdf(conn, keyfile.kdf)
            audit_repo.append(conn, at=now, actor=admin_username,
                              action=AuditAction.MAINTENANCE, entity="unit",
                              detail="unit created")
            audit_repo.append(conn, at=now, actor=admin_username, action=AuditAction.USER_ADMIN,
                              entity=f"user:{admin_username}",
                              detail="first administrator account created")
        kf.save(keys_path, keyfile)
    except BaseException:
        conn.close()
        for leftover in (db_path, keys_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    conn.close()
    return NewUnit(db_path, code)


def _open_with_any(db_path: Path, candidates: list[bytes]) -> tuple[Connection, bytes]:
    for key in candidates:
        try:
            return open_connection(db_path, key), key
        except DatabaseError:
            continue
    raise DatabaseError(
        "Your key opened, but the database did not: it may be damaged or replaced. "
        "Ask your administrator to run 'csods verify'."
    )


def _flush_pending_audit(conn: Connection, keyfile: kf.KeyFile) -> None:
    for event in keyfile.pending_audit:
        audit_repo.append(
            conn,
            at=from_iso(str(event["at"])),
            actor=event.get("actor"),
            action=str(event["action"]),
            detail=event.get("detail"),
        )
    keyfile.pending_audit.clear()


@dataclass
class Unlocked:
    """The result of opening a key slot: an open connection and its key."""

    db_path: Path
    username: str
    conn: Connection
    db_key: bytes
    keyfile: kf.KeyFile
    public: bytes = b""  # the opened slot's public key, checked against its pin


def unlock(db_path: Path, username: str, password: str, clock: Clock) -> Unlocked:
    """Check lockout, open the user's slot and the database; audit nothing yet.

    Unknown user and wrong password fail alike, after the same Argon2id work. The
    attempt is counted (under the key file's OS lock) before the password is tried.
    """
    if not db_path.exists():
        raise UnitNotFound(f"No unit database at {db_path}.")
    keys_path = kf.keyfile_path(db_path)
    kf.load(keys_path)  # a missing or unreadable key file is reported before any lock
    now = clock.now()
    name = username.strip()
    gate = lockout_lock.begin_attempt(keys_path, name, now)
    keyfile = gate.keyfile
    if gate.refused == "locked":
        slots.spend_equal_effort(keyfile, password)
        raise AccountLocked(gate.until or now)
    if gate.refused == "disabled":
        slots.spend_equal_effort(keyfile, password)
        raise AccountDisabled()
    slot = keyfile.slots.get(name) if name != kf.RECOVERY_SLOT else None
    if slot is None:
        slots.spend_equal_effort(keyfile, password)
        _fail(keys_path, name, now)
    try:
        _private, candidates = slots.open_slot(keyfile, name, slot, password)
    except DecryptionFailed:
        _fail(keys_path, name, now)
    conn, db_key = _open_with_any(db_path, candidates)
    return Unlocked(db_path, name, conn, db_key, keyfile, slot.public)


def login(db_path: Path, username: str, password: str, clock: Clock | None = None) -> Session:
    """Sign in: unlock, migrate if needed, check the account, audit the login."""
    clock = clock or SystemClock()
    hold = unit_lock.hold_shared(db_path, "")  # named once signed in
    try:
        conn, db_key, user = _open_as(db_path, username, password, clock, AuditAction.LOGIN,
                                      hold)
    except BaseException:
        hold.release()
        raise
    hold.identify(user.username)
    session = Session(db_path, conn, db_key, user, clock, hold=hold)
    from app.services.indexing import ensure_projection

    ensure_projection(session)
    return session


def resume(session: Session, password: str) -> Session:
    """Unlock the screen: the same user's password resumes the same (suspended) session.

    A wrong password leaves it suspended (and counts towards the lockout like a failed
    sign-in). An account disabled or given another role while the screen was locked
    cannot resume: the user must sign in again.
    """
    if not session.is_suspended:
        raise CsodsError("The session is not locked.")
    user = session.user
    conn, db_key, now_user = _open_as(session.db_path, user.username, password, session.clock,
                                      AuditAction.UNLOCK, session.hold)
    if (now_user.id, now_user.role) != (user.id, user.role):
        _close_quietly(conn)
        raise AccountChanged()
    session.attach(conn, db_key)
    return session


class AccountChanged(CsodsError):
    def __init__(self) -> None:
        super().__init__("Your account was changed while the screen was locked. Log out and "
                         "sign in again.")


def _open_as(db_path: Path, username: str, password: str, clock: Clock,
             action: AuditAction, hold: unit_lock.UnitHold | None = None,
             ) -> tuple[Connection, bytes, User]:
    """Unlock the slot, migrate, check the account and audit ``action`` (login or unlock)."""
    opened = unlock(db_path, username, password, clock)
    conn, name, keyfile = opened.conn, opened.username, opened.keyfile
    now = clock.now()
    flushed = list(keyfile.pending_audit)
    try:
        unit_copies.migrate_alone(conn, db_path, now, opened.db_key, name, hold)
        row = users_repo.by_username(conn, name)
        if row is None or not row.active:
            raise AccountDisabled()
        with transaction(conn):
            _flush_pending_audit(conn, keyfile)
            pinned = slot_pins.check(conn, name, opened.public)
            if pinned:
                audit_repo.append(conn, at=now, actor=name, action=action)
            else:
                audit_repo.append(conn, at=now, actor=name, action=AuditAction.FAILED_LOGIN,
                                  detail="key slot does not match the database "
                                  "(key file altered?)")
        if not pinned:
            lockout_lock.forget_flushed(kf.keyfile_path(db_path), flushed)
            slot_pins.require(conn, name, opened.public)  # raises, with the user's sentence
    except sqlite_errors() as exc:
        _close_quietly(conn)
        raise file_faults.classify(exc, db_path) or DatabaseError(
            "The database file is damaged and cannot be used. Ask your administrator to run "
            "'csods verify' and, if needed, restore the latest backup."
        ) from exc
    except BaseException:
        _close_quietly(conn)
        raise
    lockout_lock.signed_in(kf.keyfile_path(db_path), name, flushed)
    return conn, opened.db_key, User(row.id, row.username, row.display_name, row.role)


def _close_quietly(conn: Connection) -> None:
    rollback_quietly(conn)
    conn.close()


def _fail(keys_path: Path, name: str, now: datetime) -> NoReturn:
    until = lockout_lock.attempt_failed(keys_path, name, now)
    if until is not None:
        raise AccountLocked(until)
    raise AuthenticationFailed()


def open_with_recovery_code(
    db_path: Path, code: str, clock: Clock | None = None
) -> tuple[Connection, bytes]:
    """Open the database with the recovery code (for password recovery only).

    A wrong code is recorded (like a failed sign-in, written to the audit trail at
    the next sign-in), so repeated attempts on the unit safe's code are visible.
    """
    keys_path = kf.keyfile_path(db_path)
    keyfile = kf.load(keys_path)
    slot = keyfile.slots.get(kf.RECOVERY_SLOT)
    if slot is None:
        raise AuthenticationFailed()
    try:
        _private, candidates = slots.open_slot(
            keyfile, kf.RECOVERY_SLOT, slot, slots.normalise_recovery_code(code)
        )
    except DecryptionFailed as exc:
        now = (clock or SystemClock()).now()
        lockout_lock.note_failure(keys_path, None, now, "wrong recovery code")
        raise AuthenticationFailed() from exc
    return _open_with_any(db_path, candidates)
