"""An authenticated user's handle on the unit: connection, clock, audit.

Every change to case data happens inside ``session.transaction()`` and writes
its audit row through ``session.audit(...)`` in that same transaction.

One Session lives from sign-in to log out. Locking the screen *suspends* it
(the connection is closed and the key wiped); unlocking with the same user's
password resumes the same object (``app.services.unit.resume``). Long work runs
on a :class:`WorkerTicket`: a second connection opened in the worker's thread,
never the GUI thread's connection.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from app.clock import Clock
from app.domain import text_policy
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError
from app.security.signing import KeySigner
from app.storage import audit_repo
from app.storage.connection import Connection, open_connection, transaction
from app.storage.unit_lock import UnitHold, UnitReplaced, file_identity


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role


class SessionClosed(CsodsError):
    def __init__(self) -> None:
        super().__init__("The session has ended; sign in again.")


class SessionSuspended(CsodsError):
    def __init__(self) -> None:
        super().__init__("The screen is locked; unlock it with your password to carry on.")


class SessionBusy(CsodsError):
    def __init__(self) -> None:
        super().__init__("The database is busy with a maintenance task; wait for it to finish.")


class NoCaseKey(CsodsError):
    """An administrator's session holds no database key (docs/SECURITY.md)."""

    def __init__(self) -> None:
        super().__init__("Administrators hold no key to the database: this needs a supervisor "
                         "(sign in as one; on the command line, --user SUPERVISOR).")


class State(enum.Enum):
    OPEN = "open"
    LENT = "lent"  # connection closed while a worker has the database to itself (rekey)
    SUSPENDED = "suspended"  # the screen is locked
    REPLACED = "replaced"  # the unit's files were replaced under the open connection
    CLOSED = "closed"


def _wipe(key: bytearray) -> None:
    for index in range(len(key)):
        key[index] = 0


class Session:
    """Owns the database connection for one signed-in user."""

    def __init__(
        self, db_path: Path, conn: Connection | None, db_key: bytes, user: User, clock: Clock,
        signing_key: bytes | None = None, *, worker: bool = False,
        hold: UnitHold | None = None,
    ) -> None:
        self.db_path = db_path
        # No connection: an administrator's session, from the key file alone (no case key).
        self.keyless = conn is None
        self._conn: Connection | None = conn
        self._key = bytearray(db_key)
        self.user = user
        self.clock = clock
        self._signer = None if signing_key is None else KeySigner(user.username, signing_key)
        self._state = State.OPEN
        self._worker = worker  # a worker's own connection: closing it logs nobody out
        # The unit lock (shared) this sign-in holds; a worker borrows its session's.
        self.hold = hold
        # Called at sign-out (LOGOUT, not a lock) before the head is witnessed: the
        # unit's automatic backup (app/services/auto_backup.py), set by ``unit.login``.
        self.on_sign_out: Callable[[Session], None] | None = None
        self._identity = file_identity(db_path)  # the file this connection writes into

    @property
    def signer(self) -> KeySigner:
        """This user's signing key (audit rows, account approvals, witnessed heads)."""
        if self._signer is None or self._state not in (State.OPEN, State.LENT):
            raise self._refuse()
        return self._signer

    # -- connection ---------------------------------------------------------
    def _refuse(self) -> CsodsError:
        if self._state is State.SUSPENDED:
            return SessionSuspended()
        if self._state is State.LENT:
            return SessionBusy()
        if self._state is State.REPLACED:
            return UnitReplaced()
        return SessionClosed()

    @property
    def conn(self) -> Connection:
        if self.keyless and self._state is State.OPEN:
            raise NoCaseKey()
        if self._conn is None or self._state is not State.OPEN:
            raise self._refuse()
        return self._conn

    @property
    def db_key(self) -> bytes:
        if self.keyless and self._state is State.OPEN:
            raise NoCaseKey()
        if self._state not in (State.OPEN, State.LENT):
            raise self._refuse()
        return bytes(self._key)

    @property
    def is_open(self) -> bool:
        return self._state is State.OPEN

    @property
    def has_database(self) -> bool:
        """Open with a database connection (every role but an administrator)."""
        return self._state is State.OPEN and not self.keyless

    @property
    def is_suspended(self) -> bool:
        return self._state is State.SUSPENDED

    def transaction(self) -> AbstractContextManager[Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (storage's one helper).

        Refuses (for good) once the unit's files were replaced under this session: the
        connection would otherwise keep writing into the replaced copy.
        """
        conn = self.conn
        self.check_files()
        return transaction(conn)

    def check_files(self) -> None:
        """Raise UnitReplaced, and stop this session, if ``db_path`` is another file now."""
        if self._state is State.OPEN and file_identity(self.db_path) != self._identity:
            self._drop(State.REPLACED)
            raise UnitReplaced()
        if self.hold is not None:
            self.hold.keep_lock_file()  # its lock file deleted? hold the one at the path

    def audit(
        self,
        conn: Connection,
        action: AuditAction,
        *,
        entity: str | None = None,
        case_ref: str | None = None,
        justification: str | None = None,
        recipient: str | None = None,
        detail: str | None = None,
    ) -> audit_repo.AuditRow:
        """Append an audit row as this user, inside the caller's transaction."""
        if not conn.in_transaction:
            raise RuntimeError("audit rows must be written inside the change's transaction")
        text_policy.require_optional(justification, "The justification")  # #13 item 12
        return audit_repo.append(
            conn,
            at=self.clock.now(),
            actor=self.user.username,
            action=action,
            entity=entity,
            case_ref=case_ref,
            justification=justification,
            recipient=recipient,
            detail=detail,
            signer=self._signer,
        )

    def record(self, action: AuditAction, **fields: str | None) -> None:
        """Audit an event that changes nothing else (e.g. a view), in its own transaction.

        A keyless (administrator's) session notes it in the key file instead; the next
        key holder to sign in enters it in the trail, saying whose it was."""
        if self.keyless:
            if self._state is not State.OPEN:
                raise self._refuse()
            from app.security import keyfile as kf
            from app.security import lockout_lock, pending_events

            keys_path = kf.keyfile_path(self.db_path)
            lockout_lock.note_event(keys_path, pending_events.signed_event(
                self.signer, self.clock.now(), str(action), fields.get("entity"),
                fields.get("detail"), unit_id=kf.load(keys_path).unit_id))
            return
        with self.transaction() as conn:
            self.audit(conn, action, **fields)

    def replace_key(self, new_key: bytes) -> None:
        """After a rekey of this session's connection: the key it now holds."""
        if len(new_key) != 32:
            raise ValueError("database key must be 32 bytes")
        old, self._key = self._key, bytearray(new_key)
        _wipe(old)

    # -- worker connections ---------------------------------------------------
    def worker_ticket(self) -> WorkerTicket:
        """What a worker thread needs to open its own connection as this user."""
        if self._state is not State.OPEN:
            raise self._refuse()
        signing = b"" if self._signer is None else self._signer.private
        key = b"" if self.keyless else self.db_key
        return WorkerTicket(self.db_path, bytearray(key), self.user, self.clock,
                            bytearray(signing), keyless=self.keyless, hold=self.hold)

    def lend(self) -> None:
        """Close the connection (keeping the key) while a worker needs the file alone."""
        if self.keyless:
            raise NoCaseKey()
        conn = self.conn
        self._state = State.LENT
        self._conn = None
        conn.close()

    def take_back(self, db_key: bytes) -> None:
        """After the worker: reopen with the key the database now has. Does nothing if the
        session was suspended or ended meanwhile (unlocking derives the key again)."""
        if self._state is not State.LENT:
            return
        self.replace_key(db_key)
        self._conn = open_connection(self.db_path, bytes(self._key))
        self._identity = file_identity(self.db_path)
        self._state = State.OPEN

    # -- lock and unlock ------------------------------------------------------
    def suspend(self, action: AuditAction = AuditAction.LOCK) -> None:
        """Lock: audit it, close the connection and wipe the key. Resumable."""
        if self._state is State.OPEN:
            try:
                self.record(action)
            finally:
                self._drop(State.SUSPENDED)
        elif self._state is State.LENT:
            self._drop(State.SUSPENDED)

    def attach(self, conn: Connection | None, db_key: bytes,
               signing_key: bytes | None = None) -> None:
        """Resume a suspended session on a freshly unlocked connection (see ``unit.resume``)."""
        if self._state is not State.SUSPENDED:
            if conn is not None:
                conn.close()
            raise self._refuse() if self._state is State.CLOSED else CsodsError(
                "The session is not locked.")
        self._conn = conn
        self._key = bytearray(db_key)
        if signing_key is not None:
            self._signer = KeySigner(self.user.username, signing_key)
        self._identity = file_identity(self.db_path)
        self._state = State.OPEN

    def _drop(self, state: State) -> None:
        conn, self._conn = self._conn, None
        self._state = state
        _wipe(self._key)
        self._key = bytearray()
        self._signer = None
        if conn is not None:
            conn.close()
        if state in (State.CLOSED, State.REPLACED) and self.hold is not None and not self._worker:
            self.hold.release()

    # -- ending -------------------------------------------------------------
    def close(self, action: AuditAction = AuditAction.LOGOUT) -> None:
        """Audit the logout (or lock) and close the connection. Idempotent.

        A suspended session (logging out from the lock screen) has no connection to
        audit on; it just ends.
        """
        if self._state is State.CLOSED:
            return
        if self._state is State.REPLACED:
            self._state = State.CLOSED
            return
        if self._state is not State.OPEN or self._worker:
            self._drop(State.CLOSED)
            return
        try:
            self.record(action)
            if action is AuditAction.LOGOUT and self.on_sign_out is not None:
                self.on_sign_out(self)  # the automatic backup (never raises)
            if self._signer is not None and self._conn is not None:
                from app.services.witness import witness_head

                witness_head(self.db_path, self._conn, self._signer, self.clock.now())
        except UnitReplaced:
            # Nothing of the user's is lost: only this sign-out's audit row, which must not
            # go into the replaced copy. Said in one line, not raised to the caller.
            logging.getLogger(__name__).warning(
                "Signed out after the unit's files were replaced (restored or copied over): "
                "the sign-out was not recorded in the replaced copy.")
        finally:
            self._drop(State.CLOSED)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class WorkerTicket:
    """A copy of a session's key and user, to open a second connection in another thread.

    Open it in the thread that will use the connection (SQLite connections must not
    cross threads); ``wipe()`` when the work is done.
    """

    db_path: Path
    key: bytearray = field(repr=False)
    user: User
    clock: Clock
    signing: bytearray = field(default_factory=bytearray, repr=False)
    keyless: bool = False
    hold: UnitHold | None = None

    def open(self) -> Session:
        if self.keyless:
            return Session(self.db_path, None, b"", self.user, self.clock,
                           bytes(self.signing) or None, worker=True, hold=self.hold)
        if not self.key:
            raise SessionClosed()
        conn = open_connection(self.db_path, bytes(self.key))
        return Session(self.db_path, conn, bytes(self.key), self.user, self.clock,
                       bytes(self.signing) or None, worker=True, hold=self.hold)

    def wipe(self) -> None:
        _wipe(self.key)
        _wipe(self.signing)
        self.key = bytearray()
        self.signing = bytearray()
