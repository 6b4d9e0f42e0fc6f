"""User accounts: add, list, disable, reset and change passwords, roles.

Slots live in the key file, accounts in the database. An administrator
*prepares* accounts, password resets and role changes in the key file (signed
with their own key, holding no database key); a supervisor approves them
(``app.services.approvals``), which seals the database key and enters the
countersigned account record. See docs/SECURITY.md.

For an officer or a supervisor the administrator prepares no password and no
slot: the record names no keys, and the person types their own password at the
supervisor's side when the supervisor approves it. Only an administrator's own
account (which holds no database key) is still prepared with a password.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.clock import to_iso
from app.domain import text_policy
from app.domain.enums import AuditAction, Role
from app.errors import AccountLocked, AuthenticationFailed, InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import lockout_lock, pending_events, records, slots
from app.security.crypto import DecryptionFailed, KdfParams
from app.security.signing import b64
from app.services import slot_pins
from app.services.authz import Permission, authorise, refuse
from app.services.passwords import check_password, check_username
from app.services.session import Session
from app.storage import users_repo


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: str
    disabled_at: str | None
    awaiting: str = ""  # what awaits a supervisor's approval ("new account", ...), if anything


def _keys(session: Session) -> kf.KeyFile:
    return kf.load(kf.keyfile_path(session.db_path))


def _save_keys(session: Session, keyfile: kf.KeyFile, clear_count: str | None = None) -> None:
    """Save without losing attempts counted meanwhile; ``clear_count``: that name's is
    cleared."""
    lockout_lock.save_keeping_counts(kf.keyfile_path(session.db_path), keyfile,
                                     signed_in=clear_count)


def _next_version(keyfile: kf.KeyFile, username: str) -> int:
    mirror = keyfile.accounts.get(username)
    if mirror is None:
        return 1
    return records.SignedRecord.from_dict(mirror).record.version + 1


def _note(session: Session, keyfile: kf.KeyFile, entity: str, detail: str) -> None:
    """Audit an administrator's change: in the database when the session holds the
    key, else in the key file (entered, signed, at the next key holder's sign-in)."""
    if session.has_database:
        with session.transaction() as conn:
            session.audit(conn, AuditAction.USER_ADMIN, entity=entity, detail=detail)
        return
    keyfile.pending_audit.append(pending_events.signed_event(
        session.signer, session.clock.now(), AuditAction.USER_ADMIN.value, entity, detail,
        unit_id=keyfile.unit_id))


def _prepare(session: Session, keyfile: kf.KeyFile, username: str, role: Role,
             keys: tuple[str, str], slot: kf.Slot | None, display_name: str = "",
             status: str = records.ACTIVE) -> kf.Pending:
    """A record signed by this administrator, with the slot it names (None: keys kept)."""
    if status == records.ACTIVE and username in keyfile.pending:
        raise InvalidInput(f"A change for '{username}' is already awaiting a supervisor's "
                           "approval; it must be approved first.")
    rec = records.AccountRecord(
        keyfile.unit_id, username, role.value, status, keys[0], keys[1],
        _next_version(keyfile, username), to_iso(session.clock.now()),
        "prepared" if status == records.ACTIVE else records.DISABLED)
    signed = records.SignedRecord(rec.text(), ()).signed_by(session.signer)
    return kf.Pending(signed.text, list(signed.signatures), display_name, slot)


def _slot_keys(slot: kf.Slot | None) -> tuple[str, str]:
    """The keys a prepared record names: none when the approval makes them."""
    return ("", "") if slot is None else (b64(slot.public), b64(slot.sign_public))


def add_user(session: Session, username: str, display_name: str, role: Role,
             password: str | None = None) -> None:
    """Prepare a new account (administrator). It holds nothing and cannot sign in until
    a supervisor approves it (``approvals.approve``). An officer or a supervisor then
    types their own password at the supervisor's side (``password`` must be None);
    an administrator's account, which holds no database key, is given ``password``."""
    authorise(session, Permission.MANAGE_USERS)
    check_username(username)
    password = _password_for(username, role, password)
    if not display_name.strip():
        raise InvalidInput("Enter the person's name as it should appear on records.")
    text_policy.require(display_name, "The person's name", text_policy.Limit.NAME)
    keyfile = _keys(session)
    if username in keyfile.accounts or username in keyfile.slots or username in keyfile.pending:
        raise InvalidInput(f"The user name '{username}' is already taken.")
    slot = (None if password is None
            else slots.new_slot(keyfile, username, password, None, _kdf(session, keyfile)))
    keyfile.pending[username] = _prepare(session, keyfile, username, role, _slot_keys(slot),
                                         slot, display_name.strip())
    keyfile.disabled.pop(username, None)
    _note(session, keyfile, f"user:{username}",
          f"account prepared with role {role.value}, awaiting a supervisor's approval")
    _apply_ready(session, keyfile)
    _save_keys(session, keyfile)


def _password_for(username: str, role: Role, password: str | None) -> str | None:
    """An administrator's account needs a password now; an officer's or supervisor's
    must not have one (its owner chooses it when a supervisor approves)."""
    if role.value in records.CASE_ROLES:
        if password:
            raise InvalidInput("An officer's or supervisor's password is chosen by the person "
                               "themselves when a supervisor approves the account; do not "
                               "set one.")
        return None
    if not password:
        raise InvalidInput("Enter a password for the new administrator.")
    check_password(username, password)
    return password


def _kdf(session: Session, keyfile: kf.KeyFile) -> KdfParams:
    return slot_pins.kdf(session.conn, keyfile.kdf) if session.has_database else keyfile.kdf


def _current(keyfile: kf.KeyFile, username: str) -> records.AccountRecord:
    mirror = keyfile.accounts.get(username)
    if mirror is None:
        raise NotFound(f"There is no user called '{username}'.")
    return records.SignedRecord.from_dict(mirror).record


def is_administrator(session: Session, username: str) -> bool:
    """Whether ``username``'s account is an administrator's (whose password is still
    set when preparing a reset); False for an unknown name (the reset says so)."""
    mirror = _keys(session).accounts.get(username)
    return (mirror is not None and records.SignedRecord.from_dict(mirror).record.role
            == Role.ADMINISTRATOR.value)


def list_users(session: Session) -> list[Account]:
    authorise(session, Permission.LIST_USERS)
    from app.services.approvals import list_pending

    keyfile = _keys(session)
    waiting = {p.username: p for p in list_pending(keyfile)}
    waiting = {n: p for n, p in waiting.items() if p.kind != "signing key"}
    found = []
    rows = (users_repo.all_users(session.conn) if session.has_database
            else _mirror_rows(keyfile))
    for row in rows:
        account = _to_account(row)
        if row.username in waiting:
            kind = waiting.pop(row.username).kind
            # Disabling needs no second person: it is in force (the slot is gone) even
            # before a key holder enters the record in the database.
            account = (replace(account, active=False,
                               disabled_at=keyfile.disabled.get(row.username))
                       if kind == "disable" else replace(account, awaiting=kind))
        found.append(account)
    for item in waiting.values():
        found.append(Account(item.username, item.display_name, item.role, False,
                             item.prepared_at, None, item.kind))
    return sorted(found, key=lambda a: a.username)


def _mirror_rows(keyfile: kf.KeyFile) -> list[users_repo.UserRow]:
    """The accounts as the key file's mirror of the signed records has them (an
    administrator's session has no database)."""
    found = []
    for name, mirror in sorted(keyfile.accounts.items()):
        rec = records.SignedRecord.from_dict(mirror).record
        active = rec.status == records.ACTIVE
        found.append(users_repo.UserRow(0, name, str(mirror.get("display_name", name)),
                                        Role(rec.role), active, rec.at,
                                        None if active else keyfile.disabled.get(name, rec.at)))
    return found


def _to_account(row: users_repo.UserRow) -> Account:
    return Account(row.username, row.display_name, row.role, row.active, row.created_at,
                   row.disabled_at)


def _account(session: Session, username: str) -> Account:
    row = users_repo.by_username(session.conn, username)
    if row is None:
        raise NotFound(f"There is no user called '{username}'.")
    return _to_account(row)


def disable_user(session: Session, username: str) -> None:
    """Delete the user's slot and sign a record that disables the account.

    The disabling record needs no second person (it only removes power); it is
    entered in the database now, or at the next key holder's sign-in. Anyone
    who once held the database key could still open an old copy: a supervisor
    should follow with a rekey (``maintenance.rekey``). A supervisor may disable an
    officer's or a supervisor's account themselves (``csods user disable NAME --rekey
    --user SUPERVISOR`` does both in one step); administrators' accounts are an
    administrator's to disable."""
    authorise(session, Permission.DISABLE_ACCOUNTS)
    keyfile = _keys(session)
    current = _current(keyfile, username)
    if current.role == Role.ADMINISTRATOR.value and session.user.role is not Role.ADMINISTRATOR:
        refuse(session, "disable an administrator's account")
    if username == session.user.username:
        raise InvalidInput("You cannot disable your own account.")
    if current.status != records.ACTIVE:
        raise InvalidInput(f"The account '{username}' is already disabled.")
    admins = [n for n, m in keyfile.accounts.items()
              if (r := records.SignedRecord.from_dict(m).record).role == "administrator"
              and r.status == records.ACTIVE]
    if current.role == "administrator" and len(admins) <= 1:
        raise InvalidInput("The last administrator cannot be disabled.")
    pending = _prepare(session, keyfile, username, Role(current.role),
                       (current.enc, current.sign), None, status=records.DISABLED)
    keyfile.slots.pop(username, None)
    keyfile.pending.pop(username, None)
    keyfile.disabled[username] = to_iso(session.clock.now())
    keyfile.pending[username] = pending
    _note(session, keyfile, f"user:{username}", "account disabled and key slot deleted")
    _apply_ready(session, keyfile)
    _save_keys(session, keyfile)


def _apply_ready(session: Session, keyfile: kf.KeyFile) -> None:
    """Enter at once what needs no second person, when this session holds the key."""
    from app.services.account_entry import apply_ready

    if session.has_database:
        apply_ready(session.conn, keyfile, session.signer, session.clock,
                    None)


def reset_password(session: Session, username: str, new_password: str | None = None) -> None:
    """Prepare a new password; like a new account it works only once a supervisor
    approves it. For an officer or a supervisor the person types the new password at
    the supervisor's side then (``new_password`` must be None) and the approval makes
    new keys; an administrator's account is given ``new_password`` now. The old slot
    stays until the approval, so a mistaken reset locks nobody out."""
    authorise(session, Permission.MANAGE_USERS)
    keyfile = _keys(session)
    current = _current(keyfile, username)
    if current.status != records.ACTIVE:
        raise NotFound(f"There is no active user called '{username}'.")
    password = _password_for(username, Role(current.role), new_password)
    slot = (None if password is None
            else slots.new_slot(keyfile, username, password, None, _kdf(session, keyfile)))
    keyfile.pending[username] = _prepare(session, keyfile, username, Role(current.role),
                                         _slot_keys(slot), slot)
    _note(session, keyfile, f"user:{username}",
          "password reset prepared by an administrator, awaiting a supervisor's approval")
    _apply_ready(session, keyfile)
    _save_keys(session, keyfile, clear_count=username)


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Re-wrap the signed-in user's own slot; the old password must be right."""
    username = session.user.username
    check_password(username, new_password)
    now = session.clock.now()
    keys_path = kf.keyfile_path(session.db_path)
    # Guessing the current password here counts as a failed sign-in (same lockout, counted
    # under the key file's OS lock before the password is tried), so an unlocked session
    # left unattended is not an unlimited password oracle.
    gate = lockout_lock.begin_attempt(keys_path, username, now)
    if gate.refused == "locked":
        raise AccountLocked(gate.until or now)
    keyfile = gate.keyfile
    slot = keyfile.slots.get(username)
    if slot is None or gate.refused:
        raise AuthenticationFailed()
    try:
        opened = slots.open_slot(keyfile, username, slot, old_password)
    except DecryptionFailed as exc:
        until = slots.locked_until(kf.load(keys_path), username, now)
        session.record(AuditAction.FAILED_LOGIN, entity=f"user:{username}",
                       detail="wrong current password when changing own password")
        if until is not None:
            raise AccountLocked(until) from exc
        raise InvalidInput("Your current password is not right; nothing was changed.") from exc
    new_slot = slots.rewrap(keyfile, username, slot, opened, new_password,
                            _kdf(session, keyfile))
    if session.keyless:  # an administrator: same keys, so the signed record still holds
        keyfile.slots[username] = new_slot
        lockout_lock.save_keeping_counts(keys_path, keyfile, signed_in=username)
        session.record(AuditAction.USER_ADMIN, entity=f"user:{username}",
                       detail="own password changed")
        return
    with session.transaction() as conn:
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail="own password changed")
        keyfile.slots[username] = new_slot
        lockout_lock.save_keeping_counts(keys_path, keyfile, signed_in=username)


def set_role(session: Session, username: str, role: Role) -> None:
    """Prepare a change of role; a supervisor approves it (same keys, new record)."""
    authorise(session, Permission.MANAGE_USERS)
    keyfile = _keys(session)
    current = _current(keyfile, username)
    if current.status != records.ACTIVE:
        raise NotFound(f"There is no active user called '{username}'.")
    if current.role == role.value:
        return
    admins = [n for n, m in keyfile.accounts.items()
              if (r := records.SignedRecord.from_dict(m).record).role == "administrator"
              and r.status == records.ACTIVE]
    if current.role == "administrator" and len(admins) <= 1:
        raise InvalidInput("The last administrator cannot be given another role.")
    # An administrator's keys were made under a password another administrator chose:
    # given a case role, the account gets new keys from its owner's password at approval.
    keys = (("", "") if current.role == Role.ADMINISTRATOR.value
            and role.value in records.CASE_ROLES else (current.enc, current.sign))
    pending = _prepare(session, keyfile, username, role, keys, None)
    keyfile.pending[username] = pending
    _note(session, keyfile, f"user:{username}",
          f"role change from {current.role} to {role.value} prepared, awaiting a "
          "supervisor's approval")
    _save_keys(session, keyfile)
