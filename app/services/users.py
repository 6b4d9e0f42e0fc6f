"""User accounts: add, list, disable, reset and change passwords, roles.

Slots live in the key file, accounts in the database; each call updates both
and audits. The key file is written only after the database transaction has
committed, so a failure leaves the account unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.clock import to_iso
from app.domain import text_policy
from app.domain.enums import AuditAction, Role
from app.errors import AccountLocked, AuthenticationFailed, InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import slots
from app.security.crypto import DecryptionFailed
from app.services import slot_pins
from app.services.authz import Permission, authorise
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


def _keys(session: Session) -> kf.KeyFile:
    return kf.load(kf.keyfile_path(session.db_path))


def _save_keys(session: Session, keyfile: kf.KeyFile) -> None:
    kf.save(kf.keyfile_path(session.db_path), keyfile)


def add_user(
    session: Session, username: str, display_name: str, role: Role, password: str
) -> Account:
    authorise(session, Permission.MANAGE_USERS)
    check_username(username)
    check_password(username, password)
    if not display_name.strip():
        raise InvalidInput("Enter the person's name as it should appear on records.")
    text_policy.require(display_name, "The person's name", text_policy.Limit.NAME)
    keyfile = _keys(session)
    if users_repo.by_username(session.conn, username) is not None or username in keyfile.slots:
        raise InvalidInput(f"The user name '{username}' is already taken.")
    slot = slots.new_slot(keyfile, username, password, session.db_key,
                          slot_pins.kdf(session.conn, keyfile.kdf))
    with session.transaction() as conn:
        users_repo.insert(conn, username, display_name.strip(), role, session.clock.now())
        slot_pins.pin(conn, username, slot.public)
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail=f"account created with role {role.value}")
        keyfile.slots[username] = slot
        keyfile.disabled.pop(username, None)
        _save_keys(session, keyfile)
    return _account(session, username)


def list_users(session: Session) -> list[Account]:
    authorise(session, Permission.LIST_USERS)
    return [_to_account(row) for row in users_repo.all_users(session.conn)]


def _to_account(row: users_repo.UserRow) -> Account:
    return Account(row.username, row.display_name, row.role, row.active, row.created_at,
                   row.disabled_at)


def _account(session: Session, username: str) -> Account:
    row = users_repo.by_username(session.conn, username)
    if row is None:
        raise NotFound(f"There is no user called '{username}'.")
    return _to_account(row)


def disable_user(session: Session, username: str) -> None:
    """Delete the user's slot and mark the account disabled.

    Anyone who once held the database key could still open an old copy; the
    administrator should follow with a rekey (``maintenance.rekey``).
    """
    authorise(session, Permission.MANAGE_USERS)
    row = users_repo.by_username(session.conn, username)
    if row is None:
        raise NotFound(f"There is no user called '{username}'.")
    if username == session.user.username:
        raise InvalidInput("You cannot disable your own account.")
    if not row.active:
        raise InvalidInput(f"The account '{username}' is already disabled.")
    if (row.role is Role.ADMINISTRATOR
            and users_repo.count_active_with_role(session.conn, Role.ADMINISTRATOR) <= 1):
        raise InvalidInput("The last administrator cannot be disabled.")
    keyfile = _keys(session)
    now = session.clock.now()
    with session.transaction() as conn:
        users_repo.set_active(conn, row.id, False, now)
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail="account disabled and key slot deleted")
        keyfile.slots.pop(username, None)
        keyfile.disabled[username] = to_iso(now)
        _save_keys(session, keyfile)


def reset_password(session: Session, username: str, new_password: str) -> None:
    """Give the user a new slot (new key pair) under a password the admin sets."""
    authorise(session, Permission.MANAGE_USERS)
    row = users_repo.by_username(session.conn, username)
    if row is None or not row.active:
        raise NotFound(f"There is no active user called '{username}'.")
    check_password(username, new_password)
    keyfile = _keys(session)
    slot = slots.new_slot(keyfile, username, new_password, session.db_key,
                          slot_pins.kdf(session.conn, keyfile.kdf))
    with session.transaction() as conn:
        slot_pins.pin(conn, username, slot.public)
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail="password reset by an administrator")
        keyfile.slots[username] = slot
        slots.clear_failures(keyfile, username)
        _save_keys(session, keyfile)


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Re-wrap the signed-in user's own slot; the old password must be right."""
    username = session.user.username
    check_password(username, new_password)
    keyfile = _keys(session)
    slot = keyfile.slots.get(username)
    if slot is None:
        raise AuthenticationFailed()
    now = session.clock.now()
    # Guessing the current password here counts as a failed sign-in (same lockout),
    # so an unlocked session left unattended is not an unlimited password oracle.
    locked = slots.locked_until(keyfile, username, now)
    if locked is not None:
        raise AccountLocked(locked)
    try:
        private, _ = slots.open_slot(keyfile, username, slot, old_password)
    except DecryptionFailed as exc:
        until = slots.record_failure(keyfile, username, now)
        _save_keys(session, keyfile)
        session.record(AuditAction.FAILED_LOGIN, entity=f"user:{username}",
                       detail="wrong current password when changing own password")
        if until is not None:
            raise AccountLocked(until) from exc
        raise InvalidInput("Your current password is not right; nothing was changed.") from exc
    new_slot = slots.rewrap(keyfile, username, slot, private, new_password,
                            slot_pins.kdf(session.conn, keyfile.kdf))
    with session.transaction() as conn:
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail="own password changed")
        keyfile.slots[username] = new_slot
        slots.clear_failures(keyfile, username)
        _save_keys(session, keyfile)


def set_role(session: Session, username: str, role: Role) -> None:
    authorise(session, Permission.MANAGE_USERS)
    row = users_repo.by_username(session.conn, username)
    if row is None or not row.active:
        raise NotFound(f"There is no active user called '{username}'.")
    if row.role is role:
        return
    if (row.role is Role.ADMINISTRATOR
            and users_repo.count_active_with_role(session.conn, Role.ADMINISTRATOR) <= 1):
        raise InvalidInput("The last administrator cannot be given another role.")
    with session.transaction() as conn:
        users_repo.set_role(conn, row.id, role)
        session.audit(conn, AuditAction.ROLE_CHANGE, entity=f"user:{username}",
                      detail=f"role changed from {row.role.value} to {role.value}")
