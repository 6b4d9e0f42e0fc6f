"""An authenticated user's handle on the unit: connection, clock, audit.

Every change to case data happens inside ``session.transaction()`` and writes
its audit row through ``session.audit(...)`` in that same transaction.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock
from app.domain.enums import AuditAction, Role
from app.errors import CsodsError
from app.security.signing import KeySigner
from app.storage import audit_repo
from app.storage.connection import Connection, transaction


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role


class SessionClosed(CsodsError):
    def __init__(self) -> None:
        super().__init__("The session has ended; sign in again.")


class Session:
    """Owns the database connection for one signed-in user."""

    def __init__(
        self, db_path: Path, conn: Connection, db_key: bytes, user: User, clock: Clock,
        signing_key: bytes | None = None,
    ) -> None:
        self.db_path = db_path
        self._conn: Connection | None = conn
        self._db_key: bytes | None = db_key
        self.user = user
        self.clock = clock
        self._signer = None if signing_key is None else KeySigner(user.username, signing_key)

    @property
    def signer(self) -> KeySigner:
        """This user's signing key (audit rows, account approvals, witnessed heads)."""
        if self._signer is None:
            raise SessionClosed()
        return self._signer

    # -- connection ---------------------------------------------------------
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise SessionClosed()
        return self._conn

    @property
    def db_key(self) -> bytes:
        if self._db_key is None:
            raise SessionClosed()
        return self._db_key

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def transaction(self) -> AbstractContextManager[Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (storage's one helper)."""
        return transaction(self.conn)

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
        """Audit an event that changes nothing else (e.g. a view), in its own transaction."""
        with self.transaction() as conn:
            self.audit(conn, action, **fields)

    # -- ending -------------------------------------------------------------
    def close(self, action: AuditAction = AuditAction.LOGOUT) -> None:
        """Audit the logout (or lock) and close the connection. Idempotent."""
        if self._conn is None:
            return
        try:
            self.record(action)
            if self._signer is not None:
                from app.services.witness import witness_head

                witness_head(self.db_path, self._conn, self._signer, self.clock.now())
        finally:
            self._conn.close()
            self._conn = None
            self._db_key = None
            self._signer = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
