"""Checking signed account records against the database and the key file.

Sign-in uses the role of the newest *valid* record, never the users table
alone; ``csods verify`` reports every account whose row or record does not
verify. See app/security/records.py for what makes a record valid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app import settings
from app.domain.enums import Role
from app.errors import KeyFileError
from app.security import keyfile as kf
from app.security import records
from app.security.signing import b64, unb64
from app.storage import case_check_repo, settings_repo, users_repo
from app.storage.connection import Connection


class AccountNotValid(KeyFileError):
    """An account row or record that does not verify: sign-in refused."""


@dataclass(frozen=True)
class Accounts:
    """Every record, which are valid, and each user's newest record."""

    signed: list[records.SignedRecord]
    valid: set[int]
    newest: dict[str, int]  # username -> index of its highest version

    def current(self, username: str) -> tuple[records.SignedRecord, bool] | None:
        index = self.newest.get(username)
        return None if index is None else (self.signed[index], index in self.valid)

    def ever_supervisors(self) -> set[str]:
        """Everyone a valid record ever made an active supervisor."""
        return {self.signed[i].record.user for i in self.valid
                if self.signed[i].record.role == Role.SUPERVISOR.value
                and self.signed[i].record.status == records.ACTIVE}

    def signing_keys(self) -> dict[str, set[bytes]]:
        """Every signing key a valid record gives each user (old ones too: old rows)."""
        keys: dict[str, set[bytes]] = {}
        for index in self.valid:
            rec = self.signed[index].record
            if rec.sign:
                keys.setdefault(rec.user, set()).add(unb64(rec.sign))
        return keys


def root_public(conn: Connection) -> bytes:
    text = settings_repo.read(conn, settings.ROOT_PUBLIC_KEY)
    return unb64(text) if text else b""


def set_root_public(conn: Connection, public: bytes) -> None:
    settings_repo.write(conn, settings.ROOT_PUBLIC_KEY, b64(public))


def load(conn: Connection, unit_id: str) -> Accounts:
    rows = users_repo.all_records(conn)
    signed: list[records.SignedRecord] = []
    newest: dict[str, int] = {}
    versions: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            sigs = tuple(dict(s) for s in json.loads(row.signatures))
        except (ValueError, TypeError):
            sigs = ()
        signed.append(records.SignedRecord(row.record, sigs))
        if row.version >= versions.get(row.username, -1):
            versions[row.username] = row.version
            newest[row.username] = index
    return Accounts(signed, records.valid_indexes(signed, unit_id, root_public(conn)), newest)


def store(conn: Connection, signed: records.SignedRecord, display_name: str,
          keyfile: kf.KeyFile, at_iso: str) -> None:
    """Insert a record (append-only) and bring the users row in line with it."""
    from app.clock import from_iso

    rec = signed.record
    users_repo.insert_record(conn, rec.user, rec.version, signed.text,
                             json.dumps(list(signed.signatures)))
    role = Role(rec.role)
    if users_repo.by_username(conn, rec.user) is None:
        users_repo.insert(conn, rec.user, display_name or rec.user, role, from_iso(at_iso))
    users_repo.set_role_and_active(conn, rec.user, role, rec.status == records.ACTIVE,
                                   from_iso(at_iso))
    users_repo.set_public_key(conn, rec.user, rec.enc)
    row = users_repo.by_username(conn, rec.user)
    # The mirror lets an administrator's view (no database key) name everyone.
    keyfile.accounts[rec.user] = {**signed.to_dict(),
                                  "display_name": row.display_name if row else rec.user}


def check_sign_in(conn: Connection, keyfile: kf.KeyFile, username: str, slot: kf.Slot) -> Role:
    """The role the account may sign in with; AccountNotValid when anything disagrees."""
    if root_public(conn) != keyfile.root_public:
        raise AccountNotValid(
            "The unit's root key in the key file does not match the database: one of them "
            "was replaced. Nothing was opened. Ask a supervisor to run 'csods verify'.")
    accounts = load(conn, keyfile.unit_id)
    problem = account_problem(accounts, conn, username, slot) \
        or _older_than_mirror(accounts, conn, keyfile, username)
    if problem:
        raise AccountNotValid(
            f"Your account does not verify ({problem}): it may have been changed outside the "
            "application. Nothing was opened. Ask a supervisor to run 'csods verify'.")
    row = users_repo.by_username(conn, username)
    assert row is not None  # account_problem checked it
    return row.role


def account_problem(accounts: Accounts, conn: Connection, username: str,
                    slot: kf.Slot | None = None) -> str | None:
    """Why ``username``'s row, record or key slot does not verify, or None."""
    found = accounts.current(username)
    row = users_repo.by_username(conn, username)
    if found is None:
        return "it has no signed account record"
    signed, valid = found
    if not valid:
        return "its account record's signatures do not verify"
    rec = signed.record
    if row is None:
        return "its row in the users table is missing"
    if row.role.value != rec.role:
        return (f"the users table says {row.role.value} but the signed record says "
                f"{rec.role}")
    if row.active != (rec.status == records.ACTIVE):
        return f"the users table says {'active' if row.active else 'disabled'} but the " \
               f"signed record says {rec.status}"
    if slot is not None:
        if b64(slot.public) != rec.enc:
            return "its key slot is not the one its record names"
        if rec.sign and b64(slot.sign_public) != rec.sign:
            return "its signing key is not the one its record names"
    return None


def problems(conn: Connection, unit_id: str) -> list[str]:
    """For verify: every account that does not verify, and every invalid record."""
    accounts = load(conn, unit_id)
    found: list[str] = []
    for index, signed in enumerate(accounts.signed):
        if index not in accounts.valid:
            try:
                who = f"{signed.record.user} v{signed.record.version}"
            except (ValueError, KeyError, TypeError):
                who = "(unreadable)"
            found.append(f"account record {who}: its signatures do not verify")
    for row in users_repo.all_users(conn):
        problem = account_problem(accounts, conn, row.username)
        if problem and "signatures do not verify" not in problem:
            found.append(f"account {row.username}: {problem}")
    return found


_VERSION = re.compile(r"\brecord v(\d+)\b")


def _older_than_mirror(accounts: Accounts, conn: Connection, keyfile: kf.KeyFile,
                       username: str) -> str | None:
    """The key file keeps a copy of each account's newest signed record: a database whose
    newest is older had the newer ones deleted (a demotion undone with sqlcipher3)."""
    found = accounts.current(username)
    mirror = keyfile.accounts.get(username)
    if found is None or not isinstance(mirror, dict):
        return None
    try:
        kept = records.SignedRecord.from_dict(mirror)
        version = kept.record.version
    except (KeyError, ValueError, TypeError):
        return None
    current = found[0].record.version
    if version <= current:
        return None
    every = [*accounts.signed, kept]
    if len(accounts.signed) not in records.valid_indexes(every, keyfile.unit_id,
                                                         root_public(conn)):
        return None  # a mirror record nobody validly signed proves nothing
    return (f"its newest record in the database is v{current} but the key file keeps its "
            f"signed record v{version}: newer records were deleted")


def rollback_problems(conn: Connection, keyfile: kf.KeyFile) -> list[str]:
    """For verify: every account whose newest record is older than one the key file's
    mirror keeps, or than one a (signed) audit row entered ("record vN")."""
    accounts = load(conn, keyfile.unit_id)
    entered: dict[str, tuple[int, int]] = {}  # user -> (highest version named, audit row)
    for row in case_check_repo.account_rows(conn):
        versions = [int(v) for v in _VERSION.findall(row.detail)]
        user = row.entity[len("user:"):]
        if versions and max(versions) > entered.get(user, (0, 0))[0]:
            entered[user] = (max(versions), row.id)
    found: list[str] = []
    for username in sorted(set(accounts.newest) | set(entered)):
        current = accounts.current(username)
        version = 0 if current is None else current[0].record.version
        problem = _older_than_mirror(accounts, conn, keyfile, username)
        if problem:
            found.append(f"account {username}: {problem}")
        named, row_id = entered.get(username, (0, 0))
        if named > version:
            found.append(f"account {username}: audit row {row_id} entered its record "
                         f"v{named} but the newest in the database is v{version}: newer "
                         "records were deleted (a demotion or disabling undone?)")
    return found
