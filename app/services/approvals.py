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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock, SystemClock, to_iso
from app.domain.enums import AuditAction, Role
from app.errors import InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import records
from app.security.crypto import seal
from app.security.signing import KeySigner, b64
from app.services import account_trust, unit
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import audit_repo
from app.storage.connection import Connection, transaction


@dataclass(frozen=True)
class PendingAccount:
    username: str
    role: Role
    kind: str  # "new account" | "password reset" | "role change" | "disable"
    prepared_by: str
    prepared_at: str
    display_name: str


def _kind(keyfile: kf.KeyFile, name: str, pending: kf.Pending) -> str:
    rec = records.AccountRecord.parse(pending.record)
    if rec.status == records.DISABLED:
        return "disable"
    if pending.slot is None:
        return "role change"
    return "password reset" if name in keyfile.accounts else "new account"


def list_pending(keyfile: kf.KeyFile) -> list[PendingAccount]:
    found = []
    for name, pending in sorted(keyfile.pending.items()):
        rec = records.AccountRecord.parse(pending.record)
        by = pending.signatures[0].get("by", "?") if pending.signatures else "?"
        found.append(PendingAccount(name, Role(rec.role), _kind(keyfile, name, pending), by,
                                    rec.at, pending.display_name))
    return found


def pending_accounts(session: Session) -> list[PendingAccount]:
    """What awaits a supervisor's approval (disabling needs none and is not listed)."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    keyfile = kf.load(kf.keyfile_path(session.db_path))
    return [p for p in list_pending(keyfile) if p.kind != "disable"]


def approve(session: Session, username: str) -> None:
    """Countersign the prepared record, enter it and seal the database key; audited."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    if username == session.user.username:
        raise InvalidInput("You cannot approve a change to your own account; ask another "
                           "supervisor.")
    keys_path = kf.keyfile_path(session.db_path)
    keyfile = kf.load(keys_path)
    pending = keyfile.pending.get(username)
    if pending is None or _kind(keyfile, username, pending) == "disable":
        raise NotFound(f"Nothing is awaiting approval for '{username}'.")
    signed = records.SignedRecord(pending.record, tuple(pending.signatures))
    signed = signed.signed_by(session.signer)
    _enter(session.conn, keyfile, username, signed, session.db_key,
           lambda conn, action, detail: session.audit(conn, action, entity=f"user:{username}",
                                                      detail=detail),
           session.clock)
    kf.save(keys_path, keyfile)


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
        _enter(conn, keyfile, username, signed, db_key,
               lambda c, action, detail: audit_repo.append(
                   c, at=clock.now(), actor=records.ROOT, action=action,
                   entity=f"user:{username}", detail=detail + " with the unit recovery code",
                   signer=signer),
               clock)
        kf.save(keys_path, keyfile)
    finally:
        conn.close()


def _enter(conn: Connection, keyfile: kf.KeyFile, username: str, signed: records.SignedRecord,
           db_key: bytes | None, audit: Callable[[Connection, AuditAction, str], object],
           clock: Clock) -> None:
    pending = keyfile.pending[username]
    rec = signed.record
    slot = pending.slot or keyfile.slots.get(username)
    if rec.user != username or rec.unit != keyfile.unit_id:
        raise InvalidInput(f"The prepared record for '{username}' is for another account.")
    if rec.status == records.ACTIVE and (
            slot is None or (rec.enc, rec.sign) != (b64(slot.public), b64(slot.sign_public))):
        raise InvalidInput(f"The prepared record for '{username}' does not name its key slot.")
    accounts = account_trust.load(conn, keyfile.unit_id)
    current = accounts.current(username)
    if current is not None and current[0].record.version >= rec.version:
        raise InvalidInput(f"The change prepared for '{username}' is older than the account; "
                           "ask the administrator to prepare it again.")
    every = [*accounts.signed, signed]
    if len(accounts.signed) not in records.valid_indexes(every, keyfile.unit_id,
                                                         account_trust.root_public(conn)):
        raise InvalidInput(f"The change prepared for '{username}' does not carry the "
                           "signatures it needs (an active administrator's, and yours); "
                           "nothing was changed.")
    kind = _kind(keyfile, username, pending)
    old_role = None if current is None else current[0].record.role
    with transaction(conn):
        account_trust.store(conn, signed, pending.display_name, keyfile, to_iso(clock.now()))
        if kind == "role change":
            audit(conn, AuditAction.ROLE_CHANGE, f"role changed from {old_role} to {rec.role} "
                  f"(approved; record v{rec.version})")
        else:
            audit(conn, AuditAction.USER_ADMIN,
                  f"{kind} approved: {rec.role}, {rec.status} (record v{rec.version})")
    if pending.slot is not None:
        # Only case roles hold the database key; an administrator's slot never does.
        pending.slot.sealed = ([seal(db_key, pending.slot.public)]
                               if db_key is not None and (rec.role in records.CASE_ROLES
                                                         or unit.ADMINISTRATORS_HOLD_KEY)
                               else [])
        keyfile.slots[username] = pending.slot
    if rec.status != records.ACTIVE:
        keyfile.slots.pop(username, None)
    del keyfile.pending[username]


def apply_ready(conn: Connection, keyfile: kf.KeyFile, signer: KeySigner, clock: Clock,
                db_key: bytes | None = None) -> int:
    """Enter prepared records that need no second person (disabling an account, an
    administrator's record), as a key holder signs in. Returns how many."""
    entered = 0
    for name in list(keyfile.pending):
        pending = keyfile.pending[name]
        signed = records.SignedRecord(pending.record, tuple(pending.signatures))
        rec = signed.record
        if rec.status == records.ACTIVE and rec.role != Role.ADMINISTRATOR.value:
            continue
        def audit(c: Connection, action: AuditAction, detail: str, n: str = name) -> object:
            return audit_repo.append(c, at=clock.now(), actor=signer.name,
                                     action=action, entity=f"user:{n}",
                                     detail=detail.replace("approved", "entered"),
                                     signer=signer)

        try:
            _enter(conn, keyfile, name, signed, db_key, audit, clock)
        except InvalidInput:
            continue
        entered += 1
    return entered

