"""The second person: a supervisor approves what an administrator prepared.

An administrator prepares accounts, password resets and role changes in the
key file, signed with their own key and holding no database key. A supervisor
(or, when no supervisor can, the unit recovery code from the safe) approves:
their signature completes the account record, which is entered in the
database, and the database key is sealed to the new slot. A record that is
valid without a second person (disabling an account, an administrator's
record) is entered by the next key holder to sign in.

A new officer's or supervisor's account, or a new password for one, names no keys
when prepared: the person stands at the approver's side and types the password
they will use, and the approval makes a fresh slot from it (new X25519 and Ed25519
keys, the unit's pinned Argon2 cost). The administrator never knows a password
whose slot holds the database key. A record prepared by an earlier version, with
a slot under a password the administrator chose, is refused here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from app.clock import Clock, SystemClock
from app.domain.enums import AuditAction, Role
from app.errors import InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import lockout_lock, records, slots
from app.security.signing import KeySigner, b64
from app.services import account_trust, slot_pins
from app.services.account_entry import UNREADABLE, enter, kind_of, needs_password, unreadable
from app.services.authz import Permission, authorise
from app.services.passwords import check_password
from app.services.session import Session
from app.storage import audit_repo
from app.storage.connection import Connection


@dataclass(frozen=True)
class PendingAccount:
    username: str
    role: Role
    kind: str  # "new account" | "password reset" | "role change" | "disable"
    prepared_by: str
    prepared_at: str
    display_name: str
    needs_password: bool = False  # the person types their password at approval
    digest: str = ""  # of the prepared record as listed: approval binds to it


ADMIN_CHOSE = ("The {kind} for '{name}' was prepared by an earlier version with a password "
               "the administrator chose; refuse it and ask the administrator to prepare it "
               "again (the person then chooses their own password when you approve it).")
NAMES_KEYS = ("The change prepared for '{name}' would give an officer's or supervisor's role "
              "to keys an administrator chose (keys written into the key file, or an "
              "administrator's own): refuse it and ask the administrator to prepare it again.")


CHANGED = ("What was prepared for '{name}' changed since you looked (now: {now}); nothing "
           "was changed — look again.")
UNREADABLE_RECORD = ("What was prepared for '{name}' cannot be read (the key file may have "
                     "been altered); refuse it and ask the administrator to prepare it again.")


def _digest(keyfile: kf.KeyFile, name: str, pending: kf.Pending) -> str:
    """What the approver is shown, as one value: the prepared record, its name and slot,
    and the account it changes (a later edit of any of them changes it)."""
    parts = [pending.record, pending.display_name,
             "" if pending.slot is None else json.dumps(pending.slot.to_dict(), sort_keys=True),
             str(keyfile.accounts.get(name, {}).get("record", ""))]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _described(keyfile: kf.KeyFile, name: str, pending: kf.Pending) -> PendingAccount | None:
    rec = records.readable(pending.record)
    if rec is None or rec.role not in {r.value for r in Role}:
        return None
    by = pending.signatures[0].get("by", "?") if pending.signatures else "?"
    return PendingAccount(name, Role(rec.role), kind_of(keyfile, name, pending), str(by),
                          rec.at, _display_name(keyfile, name, pending),
                          needs_password(pending), _digest(keyfile, name, pending))


def list_pending(keyfile: kf.KeyFile) -> list[PendingAccount]:
    """Everything prepared; a record that cannot be read is left out (``unreadable``
    names it)."""
    found = []
    for name, pending in sorted(keyfile.pending.items()):
        item = _described(keyfile, name, pending)
        if item is not None:
            found.append(item)
    return found


def unreadable_pending(session: Session) -> list[str]:
    """Names whose prepared record cannot be read: shown so a supervisor refuses them."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    return unreadable(kf.load(kf.keyfile_path(session.db_path)))


def pending_for(session: Session, username: str) -> PendingAccount:
    """What awaits approval for ``username``, as the approver is shown it."""
    for item in pending_accounts(session):
        if item.username == username:
            return item
    raise NotFound(f"Nothing is awaiting approval for '{username}'.")


def pending_in_file(db_path: Path, username: str) -> PendingAccount:
    """As ``pending_for``, read from the key file with no session (the recovery code's
    approval: the code is asked for after the approver has seen what it approves)."""
    keyfile = kf.load(kf.keyfile_path(db_path))
    for item in list_pending(keyfile):
        if item.username == username and item.kind not in ("disable", "signing key"):
            return item
    raise NotFound(f"Nothing is awaiting approval for '{username}'.")


def _still_as_shown(keyfile: kf.KeyFile, username: str, pending: kf.Pending,
                    shown: PendingAccount | None) -> None:
    if kind_of(keyfile, username, pending) == UNREADABLE:
        raise InvalidInput(UNREADABLE_RECORD.format(name=username))
    if shown is None:
        return
    now = _described(keyfile, username, pending)
    if shown.username != username or now != shown:
        what = "nothing" if now is None else f"{now.kind}, {now.role.value}"
        raise InvalidInput(CHANGED.format(name=username, now=what))


def _display_name(keyfile: kf.KeyFile, name: str, pending: kf.Pending) -> str:
    """The person's name: as prepared, else as their account has it."""
    known = keyfile.accounts.get(name, {}).get("display_name", "")
    return pending.display_name or str(known)


def needs_new_password(db_path: Path, username: str) -> bool:
    """Whether approving ``username`` needs the password its owner types then (a new
    officer's or supervisor's account, or a new password for one)."""
    pending = kf.load(kf.keyfile_path(db_path)).pending.get(username)
    return pending is not None and needs_password(pending)


def pending_accounts(session: Session) -> list[PendingAccount]:
    """What awaits a supervisor's approval (disabling needs none and is not listed)."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    keyfile = kf.load(kf.keyfile_path(session.db_path))
    return [p for p in list_pending(keyfile) if p.kind not in ("disable", "signing key")]


def completed(conn: Connection, keyfile: kf.KeyFile, username: str, pending: kf.Pending,
              new_password: str | None) -> tuple[records.SignedRecord, kf.Slot | None]:
    """The prepared record as the approver will sign it, and the slot a new account or
    password gets: fresh keys from ``new_password``, typed by the person themselves.

    Refuses an officer's or supervisor's record whose keys an administrator chose (a
    slot prepared by an earlier version, or keys written into the key file)."""
    rec = records.AccountRecord.parse(pending.record)
    kind = kind_of(keyfile, username, pending)
    signatures = tuple(pending.signatures)
    if needs_password(pending):
        if not new_password:
            raise InvalidInput(f"Ask {_display_name(keyfile, username, pending) or username} "
                               "to type the password they will use; you must not know it.")
        check_password(username, new_password)
        slot = slots.new_slot(keyfile, username, new_password, None,
                              slot_pins.kdf(conn, keyfile.kdf))
        full = replace(rec, enc=b64(slot.public), sign=b64(slot.sign_public))
        return records.SignedRecord(full.text(), signatures), slot
    if rec.role in records.CASE_ROLES and rec.status == records.ACTIVE:
        if pending.slot is not None:
            raise InvalidInput(ADMIN_CHOSE.format(kind=kind, name=username))
        found = account_trust.load(conn, keyfile.unit_id).current(username)
        held = found[0].record if found is not None and found[1] else None
        if (held is None or held.role not in records.CASE_ROLES
                or (held.enc, held.sign) != (rec.enc, rec.sign)):
            raise InvalidInput(NAMES_KEYS.format(name=username))
    return records.SignedRecord(pending.record, signatures), pending.slot


def approve(session: Session, username: str, new_password: str | None = None, *,
            shown: PendingAccount) -> None:
    """Countersign the prepared record, enter it and seal the database key; audited.

    ``shown``: what the approver was shown (``pending_for`` / ``pending_accounts``); the
    approval is refused if what is prepared changed since (an administrator re-signing
    the record with another role between the listing and the approval).
    A new account or password reset (``PendingAccount.needs_password``) needs the
    password its owner types at the approver's side: the approval makes their slot."""
    authorise(session, Permission.APPROVE_ACCOUNTS)
    if username == session.user.username:
        raise InvalidInput("You cannot approve a change to your own account; ask another "
                           "supervisor.")
    keys_path = kf.keyfile_path(session.db_path)
    keyfile = kf.load(keys_path)
    pending = keyfile.pending.get(username)
    if pending is None or kind_of(keyfile, username, pending) in ("disable", "signing key"):
        raise NotFound(f"Nothing is awaiting approval for '{username}'.")
    _still_as_shown(keyfile, username, pending, shown)
    signed, slot = completed(session.conn, keyfile, username, pending, new_password)
    if slot is not None and slot is pending.slot:
        weaker = slot_pins.weaker_than_pin(session.conn, slot.wrapped.kdf)
        if weaker:
            raise InvalidInput(
                f"The password for '{username}' was prepared with weaker Argon2 settings "
                f"than the unit's ({weaker}): the key file may have been altered. Refuse it "
                "and ask the administrator to prepare it again.")
    signed = signed.signed_by(session.signer)
    enter(session.conn, keyfile, username, signed, session.db_key,
          lambda conn, action, detail: session.audit(conn, action, entity=f"user:{username}",
                                                     detail=detail),
          session.clock, slot)
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
    by = by if isinstance(by, str) else "?"
    with session.transaction() as conn:
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail=f"{kind} prepared by {by} refused; nothing was changed")
    del keyfile.pending[username]
    lockout_lock.save_keeping_counts(keys_path, keyfile)


def approve_with_recovery_code(db_path: Path, code: str, username: str,
                               new_password: str | None = None,
                               clock: Clock | None = None,
                               shown: PendingAccount | None = None) -> None:
    """Approve with the unit root (the recovery code from the safe): the first
    supervisor of a new unit, or when no supervisor remains. ``new_password`` and
    ``shown`` (``pending_in_file``; the command line always passes it) as for
    ``approve``."""
    from app.services.unit import open_root_with_recovery_code

    clock = clock or SystemClock()
    conn, db_key, root = open_root_with_recovery_code(db_path, code, clock)
    try:
        keys_path = kf.keyfile_path(db_path)
        keyfile = kf.load(keys_path)
        pending = keyfile.pending.get(username)
        if pending is None:
            raise NotFound(f"Nothing is awaiting approval for '{username}'.")
        if kind_of(keyfile, username, pending) in ("disable", "signing key"):
            raise NotFound(f"Nothing is awaiting approval for '{username}'.")
        _still_as_shown(keyfile, username, pending, shown)
        signer = KeySigner(records.ROOT, root)
        signed, slot = completed(conn, keyfile, username, pending, new_password)
        signed = signed.signed_by(signer)
        enter(conn, keyfile, username, signed, db_key,
              lambda c, action, detail: audit_repo.append(
                  c, at=clock.now(), actor=records.ROOT, action=action,
                  entity=f"user:{username}", detail=detail + " with the unit recovery code",
                  signer=signer),
              clock, slot)
        lockout_lock.save_keeping_counts(keys_path, keyfile)
    finally:
        conn.close()
