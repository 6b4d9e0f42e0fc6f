"""Entering a prepared account record in the database (after any second signature).

Used by approvals (a supervisor, or the recovery code) and at every sign-in for the
records that need no second person (``apply_ready``).
"""

from __future__ import annotations

from collections.abc import Callable

from app.clock import Clock, to_iso
from app.domain.enums import AuditAction, Role
from app.errors import InvalidInput
from app.security import keyfile as kf
from app.security import records
from app.security.crypto import seal
from app.security.signing import KeySigner, b64
from app.services import account_trust
from app.storage import audit_repo, users_repo
from app.storage.connection import Connection, transaction

UNREADABLE = "unreadable"


def kind_of(keyfile: kf.KeyFile, name: str, pending: kf.Pending) -> str:
    rec = records.readable(pending.record)
    if rec is None:
        return UNREADABLE
    if rec.status == records.DISABLED:
        return "disable"
    if rec.basis == "key-added":
        return "signing key"
    if name not in keyfile.accounts:
        return "new account"
    current = records.readable(str(keyfile.accounts[name].get("record", "")))
    if current is None:
        return UNREADABLE
    if pending.slot is None and not (records.is_request(rec) and current.role == rec.role):
        return "role change"
    return "password reset"


def needs_password(pending: kf.Pending) -> bool:
    """Approving makes the account's keys from a password its owner types then."""
    rec = records.readable(pending.record)
    return pending.slot is None and rec is not None and records.is_request(rec)


def enter(conn: Connection, keyfile: kf.KeyFile, username: str, signed: records.SignedRecord,
          db_key: bytes | None, audit: Callable[[Connection, AuditAction, str], object],
          clock: Clock, fresh: kf.Slot | None = None) -> None:
    """Enter ``signed``; ``fresh``: the slot the approval made (it replaces any old one)."""
    pending = keyfile.pending[username]
    rec = signed.record
    new_slot = fresh or pending.slot
    slot = new_slot or keyfile.slots.get(username)
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
    kind = kind_of(keyfile, username, pending)
    old_role = None if current is None else current[0].record.role
    try:
        with transaction(conn):
            _store_and_audit(conn, keyfile, signed, pending, kind, old_role, audit, clock)
    except users_repo.RecordVersionTaken:
        raise InvalidInput(CHANGED_MEANWHILE.format(name=username)) from None
    if new_slot is not None:
        # Only case roles hold the database key; an administrator's slot never does.
        new_slot.sealed = ([seal(db_key, new_slot.public)]
                           if db_key is not None and rec.role in records.CASE_ROLES else [])
        keyfile.slots[username] = new_slot
    elif rec.role not in records.CASE_ROLES and username in keyfile.slots:
        keyfile.slots[username].sealed = []  # a case role given up: the key goes with it
    if rec.status != records.ACTIVE:
        keyfile.slots.pop(username, None)
    del keyfile.pending[username]


def unreadable(keyfile: kf.KeyFile) -> list[str]:
    """Names whose prepared record cannot be read (the key file was altered): skipped
    by sign-in and approvals, listed so a supervisor can refuse them."""
    return [name for name, pending in sorted(keyfile.pending.items())
            if kind_of(keyfile, name, pending) == UNREADABLE]


CHANGED_MEANWHILE = ("The account '{name}' changed meanwhile (someone else approved or "
                     "disabled it); nothing was changed — look again.")


def _store_and_audit(conn: Connection, keyfile: kf.KeyFile, signed: records.SignedRecord,
                     pending: kf.Pending, kind: str, old_role: str | None,
                     audit: Callable[[Connection, AuditAction, str], object],
                     clock: Clock) -> None:
    rec = signed.record
    account_trust.store(conn, signed, pending.display_name, keyfile, to_iso(clock.now()))
    if kind == "role change":
        audit(conn, AuditAction.ROLE_CHANGE, f"role changed from {old_role} to {rec.role} "
              f"(approved; record v{rec.version})")
    else:
        audit(conn, AuditAction.USER_ADMIN,
              f"{kind} approved: {rec.role}, {rec.status} (record v{rec.version})")


def apply_ready(conn: Connection, keyfile: kf.KeyFile, signer: KeySigner, clock: Clock,
                db_key: bytes | None = None) -> int:
    """Enter prepared records that need no second person (disabling an account, an
    administrator's record), as a key holder signs in. Returns how many. A record that
    cannot be read is skipped (``unreadable`` names it), never a reason to fail."""
    entered = 0
    for name in list(keyfile.pending):
        pending = keyfile.pending[name]
        signed = records.SignedRecord(pending.record, tuple(pending.signatures))
        rec = records.readable(pending.record)
        if rec is None:
            continue
        if rec.status == records.ACTIVE and rec.role != Role.ADMINISTRATOR.value:
            continue
        def audit(c: Connection, action: AuditAction, detail: str, n: str = name) -> object:
            return audit_repo.append(c, at=clock.now(), actor=signer.name,
                                     action=action, entity=f"user:{n}",
                                     detail=detail.replace("approved", "entered"),
                                     signer=signer)

        try:
            enter(conn, keyfile, name, signed, db_key, audit, clock)
        except InvalidInput:
            continue
        entered += 1
    return entered

