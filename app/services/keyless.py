"""An administrator's sign-in from the key file alone: no database key, no case content.

Administrators hold no key to the database (docs/SECURITY.md). Their slot opens
their own keys (to sign what they prepare) and nothing else; their account is
checked against the key file's mirror of the signed account records. Everything
such a session does is either a change of the key file that a supervisor must
approve (checked then against the database's records), a change that only
removes power (disabling, clearing a lockout), or a copy of the encrypted files.
"""

from __future__ import annotations

from pathlib import Path

from app.clock import Clock, to_iso
from app.domain.enums import AuditAction, Role
from app.errors import AccountPending, KeyFileError
from app.security import keyfile as kf
from app.security import lockout_lock, pending_events, records, slots
from app.security.signing import KeySigner, b64
from app.services.account_trust import AccountNotValid
from app.services.session import NoCaseKey, Session, User


class KeylessSlot(NoCaseKey):
    """Raised by ``unit.unlock`` for a slot that opened but holds no database key."""

    def __init__(self, keyfile: kf.KeyFile, name: str, slot: kf.Slot,
                 opened: slots.OpenedSlot) -> None:
        super().__init__()
        self.keyfile, self.name, self.slot, self.opened = keyfile, name, slot, opened


NO_KEY_IN_SLOT = ("Your key slot in the key file {path} holds no key to the database: "
                  "the key file was altered, or your account was prepared but not approved. "
                  "Nothing was opened; ask a supervisor.")


def _mirror_record(keyfile: kf.KeyFile, name: str, slot: kf.Slot,
                   keys_path: Path) -> records.AccountRecord:
    mirror = keyfile.accounts.get(name)
    if mirror is None:
        if name in keyfile.pending:
            raise AccountPending()
        raise KeyFileError(NO_KEY_IN_SLOT.format(path=keys_path))
    signed = records.SignedRecord.from_dict(mirror)
    rec = signed.record
    if rec.role != Role.ADMINISTRATOR.value:
        # An officer's or supervisor's slot without the key: awaiting approval, or the
        # key file was altered (its sealed keys removed).
        if name in keyfile.pending:
            raise AccountPending()
        raise KeyFileError(NO_KEY_IN_SLOT.format(path=keys_path))
    if rec.status != records.ACTIVE or rec.enc != b64(slot.public) \
            or rec.sign not in ("", b64(slot.sign_public)) or not records.good_signers(signed):
        raise AccountNotValid("Your account does not verify against the key file: it may have "
                              "been changed outside the application. Nothing was opened.")
    return rec


def sign_in(db_path: Path, found: KeylessSlot, password: str, clock: Clock,
            action: AuditAction) -> tuple[User, bytes]:
    """Check the administrator's account in the key file; note the sign-in there.
    Returns the user and their signing key."""
    keyfile, name = found.keyfile, found.name
    rec = _mirror_record(keyfile, name, found.slot, kf.keyfile_path(db_path))
    opened, slot = found.opened, found.slot
    if slots.needs_upgrade(slot) and keyfile.root_public:
        slot = keyfile.slots[name] = slots.rewrap(keyfile, name, slot, opened, password)
        opened = slots.open_slot(keyfile, name, slot, password)
    if opened.signing is None:
        raise AccountNotValid("This account's key slot has no signing key yet; a supervisor "
                              "must sign in once first.")
    if not rec.sign and name not in keyfile.pending:
        # Carried over from release 0.1: prepare the record naming the new signing key;
        # the next key holder to sign in enters it (it needs no second person).
        added = records.AccountRecord(rec.unit, rec.user, rec.role, rec.status, rec.enc,
                                      b64(slot.sign_public), rec.version + 1,
                                      to_iso(clock.now()), "key-added")
        signed = records.SignedRecord(added.text(), ()).signed_by(KeySigner(name,
                                                                            opened.signing))
        keyfile.pending[name] = kf.Pending(signed.text, list(signed.signatures), name, None)
    keyfile.pending_audit.append(pending_events.signed_event(
        KeySigner(name, opened.signing), clock.now(), str(action), None,
        "signed in without the database key", unit_id=keyfile.unit_id))
    lockout_lock.save_keeping_counts(kf.keyfile_path(db_path), keyfile, signed_in=name)
    display = str(keyfile.accounts[name].get("display_name", name))
    return User(0, name, display, Role.ADMINISTRATOR), opened.signing


def session(db_path: Path, found: KeylessSlot, password: str, clock: Clock) -> Session:
    """The administrator's session: it holds no unit lock (no database is open)."""
    user, signing = sign_in(db_path, found, password, clock, AuditAction.LOGIN)
    return Session(db_path, None, b"", user, clock, signing)
