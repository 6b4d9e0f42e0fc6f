"""Sign-in locks as administrators see them: which accounts are locked, and clearing one.

The counters live in the key file, keyed by a hash of the typed name (typed names
are never kept in clear), so locked accounts are found by hashing each account's
name. Clearing a lock is audited.

Both work for an administrator, who holds no database key (docs/SECURITY.md): the
accounts are then those the key file's signed-record mirror names, and the audit row
is kept in the key file's pending events, entered in the trail by the next key holder
to sign in (like an administrator's other events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import AuditAction
from app.errors import InvalidInput, NotFound
from app.security import keyfile as kf
from app.security import lockout_lock
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import users_repo


@dataclass(frozen=True)
class LockedAccount:
    username: str
    until: datetime


def locked_accounts(session: Session) -> list[LockedAccount]:
    """Accounts whose sign-in is locked now (too many failed attempts)."""
    authorise(session, Permission.MANAGE_USERS)
    keyfile = kf.load(kf.keyfile_path(session.db_path))
    names = _account_names(session)
    found = lockout_lock.locked_names(keyfile, names, session.clock.now())
    return [LockedAccount(name, until) for name, until in sorted(found.items())]


def clear_lockout(session: Session, username: str) -> None:
    """Let the account try again at once (an administrator checked who it was); audited."""
    authorise(session, Permission.MANAGE_USERS)
    if username not in _account_names(session):
        raise NotFound(f"There is no user called '{username}'.")
    if username not in {a.username for a in locked_accounts(session)}:
        raise InvalidInput(f"The account '{username}' is not locked.")
    if session.keyless:
        lockout_lock.clear_lock(kf.keyfile_path(session.db_path), username)
        session.record(AuditAction.USER_ADMIN, entity=f"user:{username}",
                       detail="sign-in lock cleared")
        return
    with session.transaction() as conn:
        session.audit(conn, AuditAction.USER_ADMIN, entity=f"user:{username}",
                      detail="sign-in lock cleared")
        lockout_lock.clear_lock(kf.keyfile_path(session.db_path), username)


def _account_names(session: Session) -> list[str]:
    """Every account: the users table, or (an administrator, no database key) the key
    file's mirror of the signed records and the accounts awaiting approval."""
    if session.has_database:
        return [row.username for row in users_repo.all_users(session.conn)]
    from app.services.users import list_users

    return [account.username for account in list_users(session)]
