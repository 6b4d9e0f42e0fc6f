"""The second person: a supervisor approves what an administrator prepared.

An administrator prepares accounts, password resets and role changes in the
key file, signed with their own key and holding no database key. A supervisor
(or, when no supervisor can, the unit recovery code from the safe) approves:
their signature completes the account record, which is entered in the
database, and the database key is sealed to the new slot. A record that is
valid without a second person (disabling an account, an administrator's
record) is entered by the next key holder to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction, Role
from app.errors import InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import lockout_lock, records
from app.security.signing import KeySigner
from app.services import slot_pins
from app.services.account_entry import enter, kind_of
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import audit_repo


@dataclass(frozen=True)
class PendingAccount:
    username: str
    role: Role
    kind: str  # "new account" | "password reset" | "role change" | "disable"
    prepared_by: str
    prepared_at: str
    display_name: str


def list_pending(keyfile: kf.KeyFile) -> list[PendingAccount]:
    found = []
    for name, pending in sorted(keyfile.pending.items()):
        rec = records.AccountRecord.parse(pending.record)
        by = pending.signatures[0].get("by", "?") if pending.signatures else "?"
        found.append(PendingAccount(name, Role(rec.role), kind_of(keyfile, name, pending), by,
                                    rec.at, pending.display_name))
    return found


def pending_accounts(session: Session) -> list[PendingAccount]:
    """What awaits a supervisor's approval (disabling needs none and is not listed)."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    keyfile = kf.load(kf.keyfile_path(session.db_path))
    return [p for p in list_pending(keyfile) if p.kind not in ("disable", "signing key")]


def approve(session: Session, username: str) -> None:
    """Countersign the prepared record, enter it and seal the database key; audited."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    if username == session.user.username:
        raise InvalidInput("You cannot approve a change to your own account; ask another "
                           "supervisor.")
    keys_path = kf.keyfile_path(session.db_path)
    keyfile = kf.load(keys_path)
    pending = keyfile.pending.get(username)
    if pending is None or kind_of(keyfile, username, pending) in ("disable", "signing key"):
        raise NotFound(f"Nothing is awaiting approval for '{username}'.")
    if pending.slot is not None:
        weaker = slot_pins.weaker_than_pin(session.conn, pending.slot.wrapped.kdf)
        if weaker:
            raise InvalidInput(
                f"The password for '{username}' was prepared with weaker Argon2 settings "
                f"than the unit's ({weaker}): the key file may have been altered. Refuse it "
                "and ask the administrator to prepare it again.")
    signed = records.SignedRecord(pending.record, tuple(pending.signatures))
    signed = signed.signed_by(session.signer)
    enter(session.conn, keyfile, username, signed, session.db_key,
           lambda conn, action, detail: session.audit(conn, action, entity=f"user:{username}",
                                                      detail=detail),
           session.clock)
    lockout_lock.save_keeping_counts(keys_path, keyfile)


def refuse(session: Session, username: str) -> None:
    """Refuse what an administrator prepared for ``username`` (it is removed); audited."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    keys_path = kf.keyfile_path(session.db_path)
    keyfile = kf.load(keys_path)
    pending = keyfile.pending.get(username)
    if pending is None or kind_of(keyfile, username, pending) in ("disable", "signing key"):
        raise NotFound(f"Nothing is awaiting approval for '{username}'.")
    kind = kind_of(keyfile, username, pending)
    by = pending.signatures[0].get("by", "?") if pending.signatures else "?"
    with session.transaction() as conn:
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail=f"{kind} prepared by {by} refused; nothing was changed")
    del keyfile.pending[username]
    lockout_lock.save_keeping_counts(keys_path, keyfile)


def approve_with_recovery_code(db_path: Path, code: str, username: str,
                               clock: Clock | None = None) -> None:
    """Approve with the unit root (the recovery code from the safe): the first
    supervisor of a new unit, or when no supervisor remains."""
    from app.services.unit import open_root_with_recovery_code

    clock = clock or SystemClock()
    conn, db_key, root = open_root_with_recovery_code(db_path, code, clock)
    try:
        keys_path = kf.keyfile_path(db_path)
        keyfile = kf.load(keys_path)
        pending = keyfile.pending.get(username)
        if pending is None:
            raise NotFound(f"Nothing is awaiting approval for '{username}'.")
        signer = KeySigner(records.ROOT, root)
        signed = records.SignedRecord(pending.record, tuple(pending.signatures)).signed_by(signer)
        enter(conn, keyfile, username, signed, db_key,
               lambda c, action, detail: audit_repo.append(
                   c, at=clock.now(), actor=records.ROOT, action=action,
                   entity=f"user:{username}", detail=detail + " with the unit recovery code",
                   signer=signer),
               clock)
        lockout_lock.save_keeping_counts(keys_path, keyfile)
    finally:
        conn.close()
