"""Reading a backup without changing it: verify it, and check who may restore it.

A backup (or a copy kept on the workstation) is opened read-only with the
user's own slot in the backup's key file: no audit row, no lockout count, no
migration is ever written into it. The event is audited in the live unit.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import Role
from app.errors import AuthenticationFailed, DatabaseError, KeyFileError, NotAuthorised
from app.security import keyfile as kf
from app.security import slots
from app.security.crypto import DecryptionFailed
from app.services.authz import Permission, allowed
from app.storage import users_repo
from app.storage.connection import Connection, open_read_only, sqlite_errors


def open_backup(source: Path, username: str, password: str) -> tuple[Connection, bytes]:
    """Open ``source`` read-only with ``username``'s slot in its own key file."""
    keys = kf.keyfile_path(source)
    if not keys.exists() and not keys.with_name(keys.name + ".prev").exists():
        raise KeyFileError(f"The copy {source.name} has no key file beside it "
                           f"({keys.name}); it cannot be opened.")
    keyfile = kf.load(keys)
    name = username.strip()
    slot = keyfile.slots.get(name) if name != kf.RECOVERY_SLOT else None
    if slot is None:
        slots.spend_equal_effort(keyfile, password)
        raise AuthenticationFailed()
    try:
        candidates = slots.open_slot(keyfile, name, slot, password).db_keys
    except DecryptionFailed as exc:
        raise AuthenticationFailed() from exc
    last: Exception | None = None
    for key in candidates:
        try:
            return open_read_only(source, key), key
        except (DatabaseError, *sqlite_errors()) as exc:  # type: ignore[misc]
            last = exc
    raise AuthenticationFailed() from last


def role_in_backup(conn: Connection, username: str) -> Role | None:
    """The user's role in the backup if the account is active there (None otherwise)."""
    try:
        row = users_repo.by_username(conn, username.strip())
    except sqlite_errors():
        return None
    return row.role if row is not None and row.active else None


def require_role(conn: Connection, username: str, permission: Permission,
                 role: Role | None = None) -> Role:
    """The account must be active in the backup with a role that allows ``permission``
    (and be ``role`` exactly when given)."""
    found = role_in_backup(conn, username)
    if found is None or not allowed(found, permission) or (role is not None and found != role):
        raise NotAuthorised(found.value if found else "none in this backup", permission.value)
    return found
