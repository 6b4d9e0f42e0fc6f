"""Signing in to a unit, resuming a locked session, and the recovery code.

A unit is two files: the SQLCipher database (``unit.db``) and its key file
(``unit.db.keys``). Signing in unwraps the user's key slot with their
password, unseals the database key, and opens the database (what an opened slot
gives, and the key that fits, are ``app.services.unlocked``). Creating a unit is
``app.services.unit_create``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from app import file_faults, settings
from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction, Role
from app.errors import (
    AccountDisabled,
    AccountLocked,
    AccountPending,
    AuthenticationFailed,
    CsodsError,
    DatabaseError,
    KeyFileError,
    UnitNotFound,
)
from app.security import keyfile as kf
from app.security import lockout_lock, slots
from app.security.crypto import DecryptionFailed
from app.security.signing import KeySigner
from app.services import (
    account_trust,
    auto_backup,
    carry_over,
    key_file_consistency,
    keyless,
    pending_audit,
    slot_pins,
    unit_copies,
    witness,
    witness_watch,
)
from app.services.account_trust import AccountNotValid
from app.services.session import Session, User
from app.services.unlocked import Unlocked, open_with_any, upgrade_slot
from app.storage import audit_repo, settings_repo, unit_lock, users_repo
from app.storage.connection import (
    Connection,
    rollback_quietly,
    sqlite_errors,
    transaction,
)


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
        if name in keyfile.pending:
            raise AccountPending()
        _fail(keys_path, name, now)
    try:
        opened = slots.open_slot(keyfile, name, slot, password)
    except DecryptionFailed:
        _refuse_if_pending(keyfile, name, password)
        _fail(keys_path, name, now,
              key_file_consistency.altered(keys_path, keyfile, name, slot, password))
    if not opened.db_keys:
        if name in keyfile.pending and keyfile.pending[name].slot is not None:
            raise AccountPending()
        raise keyless.KeylessSlot(keyfile, name, slot, opened)
    conn, db_key = open_with_any(db_path, opened.db_keys)
    unlocked = Unlocked(db_path, name, conn, db_key, keyfile, slot, opened)
    upgrade_slot(unlocked, password)
    return unlocked


def login(db_path: Path, username: str, password: str, clock: Clock | None = None) -> Session:
    """Sign in: unlock, migrate if needed, check the account, audit the login."""
    clock = clock or SystemClock()
    hold = unit_lock.hold_shared(db_path, "")  # named once signed in
    try:
        got = _open_as(db_path, username, password, clock, AuditAction.LOGIN, hold)
    except keyless.KeylessSlot as found:  # an administrator: the key file alone
        # No database is open, so no unit lock is held while signed in (a restore or
        # rekey cannot break this session); the file-copy backup takes it for the copy.
        hold.release()
        return keyless.session(db_path, found, password, clock)
    except BaseException:
        hold.release()
        raise
    hold.identify(got.user.username)
    session = Session(db_path, got.conn, got.db_key, got.user, clock, got.signing, hold=hold)
    session.on_sign_out = auto_backup.at_sign_out
    from app.services.indexing import ensure_projection

    ensure_projection(session)
    _enter_ready_records(session)
    if session.user.role is Role.SUPERVISOR and _administrators_hold_key(session):
        # A unit from before issue 13: take the database key from the administrators'
        # slots and re-encrypt, so an old copy of the key file no longer opens it.
        # Needs the unit to itself: while others have it open, it waits for a later
        # supervisor sign-in (audited), rather than refusing this one.
        from app.services.rekey import rekey

        try:
            rekey(session)
        except unit_lock.UnitInUse as busy:
            session.record(AuditAction.MAINTENANCE, entity="unit",
                           detail="taking the database key from the administrators' slots "
                           f"postponed to a later supervisor sign-in: {busy}")
        except BaseException:
            session.close()
            raise
    return session


def _enter_ready_records(session: Session) -> None:
    """Records an administrator prepared that need no second person (disabling, an
    administrator's own), entered by the next key holder to sign in."""
    from app.services.account_entry import apply_ready

    keys_path = kf.keyfile_path(session.db_path)
    keyfile = kf.load(keys_path)
    if apply_ready(session.conn, keyfile, session.signer, session.clock):
        lockout_lock.save_keeping_counts(keys_path, keyfile)


def _administrators_hold_key(session: Session) -> bool:
    keyfile = kf.load(kf.keyfile_path(session.db_path))
    admins = {row.username for row in users_repo.all_users(session.conn)
              if row.role is Role.ADMINISTRATOR}
    return any(keyfile.slots[name].sealed for name in admins if name in keyfile.slots)


def resume(session: Session, password: str) -> Session:
    """Unlock the screen: the same user's password resumes the same (suspended) session.

    A wrong password leaves it suspended (and counts towards the lockout like a failed
    sign-in). An account disabled or given another role while the screen was locked
    cannot resume: the user must sign in again.
    """
    if not session.is_suspended:
        raise CsodsError("The session is not locked.")
    user = session.user
    if session.keyless:
        try:
            unlock(session.db_path, user.username, password, session.clock).conn.close()
        except keyless.KeylessSlot as found:
            _user, signing = keyless.sign_in(session.db_path, found, password,
                                                session.clock, AuditAction.UNLOCK)
            session.attach(None, b"", signing)
            return session
        raise AccountChanged()
    got = _open_as(session.db_path, user.username, password, session.clock,
                   AuditAction.UNLOCK, session.hold)
    if (got.user.id, got.user.role) != (user.id, user.role):
        _close_quietly(got.conn)
        raise AccountChanged()
    session.attach(got.conn, got.db_key, got.signing)
    return session


class AccountChanged(CsodsError):
    def __init__(self) -> None:
        super().__init__("Your account was changed while the screen was locked. Log out and "
                         "sign in again.")


@dataclass
class _Opened:
    conn: Connection
    db_key: bytes
    user: User
    signing: bytes


def _open_as(db_path: Path, username: str, password: str, clock: Clock,
             action: AuditAction, hold: unit_lock.UnitHold | None = None) -> _Opened:
    """Unlock the slot, migrate, check the account and audit ``action`` (login or unlock)."""
    opened = unlock(db_path, username, password, clock)
    conn, name, keyfile = opened.conn, opened.username, opened.keyfile
    now = clock.now()
    flushed = list(keyfile.pending_audit)
    try:
        unit_copies.migrate_alone(conn, db_path, now, opened.db_key, name, hold)
        _carry_over(opened, password, now, hold)
        row = users_repo.by_username(conn, name)
        if row is None or not row.active:
            raise AccountDisabled()
        signer = _signer(opened)
        refused: AccountNotValid | None = None
        role = row.role
        with transaction(conn):
            pending_audit.flush(conn, keyfile, signer, now)
            flushed = [e for e in flushed if e not in keyfile.pending_audit]  # not waiting
            witness_watch.check_at_sign_in(conn, keyfile, signer, now)
            if damage := kf.recovered_from(keyfile):
                audit_repo.append(conn, at=now, actor=name, action=AuditAction.MAINTENANCE,
                                  entity="unit", signer=signer, detail=(
                                      f"the key file was damaged ({damage[:300]}); its "
                                      "previous copy (.prev) was used and written back"))
            pinned = slot_pins.check(conn, name, opened.public)
            if pinned:
                carry_over.add_signing_key(conn, keyfile, name, opened.slot, signer, now)
                try:
                    role = account_trust.check_sign_in(conn, keyfile, name, opened.slot)
                except AccountNotValid as exc:
                    refused = exc
                else:
                    audit_repo.append(conn, at=now, actor=name, action=action, signer=signer)
                if refused is not None:
                    audit_repo.append(conn, at=now, actor=name,
                                      action=AuditAction.FAILED_LOGIN,
                                      detail="account record does not verify", signer=signer)
            else:
                audit_repo.append(conn, at=now, actor=name, action=AuditAction.FAILED_LOGIN,
                                  detail="key slot does not match the database "
                                  "(key file altered?)", signer=signer)
        if not pinned:
            lockout_lock.save_keeping_counts(kf.keyfile_path(db_path), keyfile, flushed)
            slot_pins.require(conn, name, opened.public)  # raises, with the user's sentence
        if refused is not None:
            lockout_lock.save_keeping_counts(kf.keyfile_path(db_path), keyfile, flushed)
            raise refused
    except sqlite_errors() as exc:
        _close_quietly(conn)
        raise file_faults.classify(exc, db_path) or DatabaseError(
            "The database file is damaged and cannot be used. Ask your administrator to run "
            "'csods verify' and, if needed, restore the latest backup."
        ) from exc
    except BaseException:
        _close_quietly(conn)
        raise
    # The key file's Argon2 cost (what an administrator prepares slots with) follows the
    # database's pin: someone who lowered it in the file is undone at the next sign-in.
    # The head at sign-in is witnessed too: the key file's previous version then holds
    # it when the sign-out's head is written, so putting ``.prev`` back over the key
    # file does not hide a whole session cut from the trail.
    keyfile.add_witness(witness.signed_head(conn, keyfile.unit_id, signer, now))
    keyfile.kdf = slot_pins.kdf(conn, keyfile.kdf)
    keyfile.unit_name = settings_repo.read(conn, settings.UNIT_NAME)
    keyfile.case_prefix = settings_repo.read(conn, settings.CASE_PREFIX)
    lockout_lock.save_keeping_counts(kf.keyfile_path(db_path), keyfile, flushed, signed_in=name)
    return _Opened(conn, opened.db_key, User(row.id, row.username, row.display_name, role),
                   signer_key(opened))


def _carry_over(opened: Unlocked, password: str, now: datetime,
                hold: unit_lock.UnitHold | None) -> None:
    """A unit made before signed accounts: make its root and carry its accounts over
    (or finish that after a crash), then give this user's slot its signing key.

    Carrying over takes the unit lock exclusively (like a migration): refused, naming
    who has the unit open, while anyone else does."""
    conn, keyfile = opened.conn, opened.keyfile
    keys_path = kf.keyfile_path(opened.db_path)
    if carry_over.needed(conn):
        with unit_lock.exclusive(opened.db_path, opened.username,
                                 "carry the unit's accounts over", own=hold):
            carry_over.create_root(conn, keyfile, opened.username, now)
            lockout_lock.save_keeping_counts(keys_path, keyfile)
    elif carry_over.adopt_root(conn, keyfile):
        lockout_lock.save_keeping_counts(keys_path, keyfile)
    upgrade_slot(opened, password)


def _refuse_if_pending(keyfile: kf.KeyFile, name: str, password: str) -> None:
    """A password reset awaiting approval: say so, rather than "wrong password"."""
    pending = keyfile.pending.get(name)
    if pending is None or pending.slot is None:
        return
    try:
        slots.open_slot(keyfile, name, pending.slot, password)
    except DecryptionFailed:
        return
    raise AccountPending()


def signer_key(opened: Unlocked) -> bytes:
    if opened.opened.signing is None:
        raise AccountNotValid("This account's key slot has no signing key yet; sign in again.")
    return opened.opened.signing


def _signer(opened: Unlocked) -> KeySigner:
    return KeySigner(opened.username, signer_key(opened))


def _close_quietly(conn: Connection) -> None:
    rollback_quietly(conn)
    conn.close()


def _fail(keys_path: Path, name: str, now: datetime,
          altered: KeyFileError | None = None) -> NoReturn:
    """Count the failure; say the key file was altered when that could be told."""
    until = lockout_lock.attempt_failed(keys_path, name, now)
    if until is not None:
        raise AccountLocked(until)
    if altered is not None:
        raise altered
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
        recovered = slots.open_slot(
            keyfile, kf.RECOVERY_SLOT, slot, slots.normalise_recovery_code(code)
        )
    except DecryptionFailed as exc:
        now = (clock or SystemClock()).now()
        lockout_lock.note_failure(keys_path, None, now, "wrong recovery code")
        raise AuthenticationFailed() from exc
    return open_with_any(db_path, recovered.db_keys)


def open_root_with_recovery_code(db_path: Path, code: str,
                                 clock: Clock | None = None) -> tuple[Connection, bytes, bytes]:
    """(connection, database key, unit root private key), opened with the recovery code."""
    keyfile = kf.load(kf.keyfile_path(db_path))
    conn, db_key = open_with_recovery_code(db_path, code, clock)
    recovered = slots.open_slot(keyfile, kf.RECOVERY_SLOT, keyfile.slots[kf.RECOVERY_SLOT],
                                slots.normalise_recovery_code(code))
    try:
        return conn, db_key, slots.open_root(keyfile, recovered)
    except DecryptionFailed as exc:
        conn.close()
        raise KeyFileError("The unit root key does not open with the recovery code: the key "
                           "file was altered.") from exc
