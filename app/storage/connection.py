"""The one place that opens the SQLCipher unit database.

Never falls back to the standard library's sqlite3: if SQLCipher is missing
or the file does not decrypt, opening fails with a clear error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from app.errors import CsodsError, DatabaseError, NotEncrypted
from app.file_faults import FileFault, classify

try:
    import sqlcipher3 as _sqlcipher
    from sqlcipher3 import dbapi2 as _dbapi
except ImportError:  # pragma: no cover - exercised only on a broken install
    _sqlcipher = None
    _dbapi = None

Connection = Any  # sqlcipher3.Connection (the wheel ships no type stubs)

PROTECTED_TABLES = frozenset({"audit", "account_records"})

if _sqlcipher is not None:
    class SqliteFileFault(FileFault, _sqlcipher.OperationalError):  # type: ignore[misc]
        """A full disk or a read-only file, folder or file system, named (app.file_faults);
        still an SQLite error, so code that handles a failed write goes on handling it."""
else:  # pragma: no cover
    SqliteFileFault = FileFault  # type: ignore[misc,assignment]


def _require_sqlcipher() -> Any:
    if _sqlcipher is None:
        raise NotEncrypted(
            "SQLCipher is not installed, so the encrypted database cannot be opened."
        )
    return _sqlcipher


def sqlite_errors() -> tuple[type[BaseException], ...]:
    module = _require_sqlcipher()
    return (module.DatabaseError,)


def integrity_errors() -> tuple[type[BaseException], ...]:
    """A UNIQUE (or other) constraint refused a row."""
    return (_require_sqlcipher().IntegrityError,)


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Refuse statements that would destroy or rewrite the audit trail, or attach a file."""
    assert _dbapi is not None
    deny: int = _dbapi.SQLITE_DENY
    ok: int = _dbapi.SQLITE_OK
    if action in (_dbapi.SQLITE_DROP_TABLE, _dbapi.SQLITE_DROP_TEMP_TABLE):
        return deny if arg1 in PROTECTED_TABLES else ok
    if action in (_dbapi.SQLITE_DROP_TRIGGER, _dbapi.SQLITE_DROP_TEMP_TRIGGER):
        return deny if arg2 in PROTECTED_TABLES else ok
    if action == _dbapi.SQLITE_ALTER_TABLE:
        return deny if arg2 in PROTECTED_TABLES else ok
    if action == _dbapi.SQLITE_PRAGMA and arg1 == "writable_schema":
        return deny
    # ATTACH could add an unencrypted database (KEY '') and copy case data into it:
    # plaintext on disk. The app never attaches; backups use the online backup API.
    if action == _dbapi.SQLITE_ATTACH:
        return deny
    return ok


def _key_pragma(key: bytes, pragma: str = "key") -> str:
    if len(key) != 32:
        raise ValueError("database key must be 32 bytes")
    return f"PRAGMA {pragma} = \"x'{key.hex()}'\""


def open_connection(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) the unit database with its raw 256-bit key.

    Pins WAL, synchronous=FULL, foreign_keys=ON and secure_delete=ON, installs
    the audit-protecting authorizer and checks the file really decrypts.
    """
    module = _require_sqlcipher()
    if not create and not path.exists():
        raise DatabaseError(f"No database at {path}.")
    conn = module.connect(str(path), isolation_level=None, timeout=10.0)
    try:
        conn.execute(_key_pragma(key))
        # We report damage ourselves, in plain words; keep SQLCipher's log quiet.
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise NotEncrypted("The database library is not SQLCipher; refusing to continue.")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except module.DatabaseError as exc:
            # A read-only folder or a full disk is named as such, never "damaged".
            raise classify(exc, path, SqliteFileFault) or DatabaseError(
                "The database could not be decrypted with this key, or it is damaged."
            ) from exc
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.set_authorizer(_authorizer)
    except module.DatabaseError as exc:
        conn.close()
        fault = classify(exc, path, SqliteFileFault)
        if fault is None:
            raise
        raise fault from exc
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def schema_changes(conn: Connection) -> Iterator[Connection]:
    """Lift the audit-protecting authorizer for the application's own migrations
    (which may add columns to the audit table), and put it back afterwards."""
    conn.set_authorizer(None)
    try:
        yield conn
    finally:
        conn.set_authorizer(_authorizer)


def open_read_only(path: Path, key: bytes) -> Connection:
    """Open a copy (a backup) so that nothing can be written into it.

    SQLite's read-only mode (``mode=ro``) plus ``query_only``: no audit row, no
    journal-mode change, no migration. Works on a 0444 file in a 0555 folder; a
    copy left in WAL mode in such a folder is read as immutable.
    """
    module = _require_sqlcipher()
    if not path.exists():
        raise DatabaseError(f"No database at {path}.")
    last: BaseException | None = None
    wal = Path(f"{path}-wal")
    # Without a write-ahead log beside it nothing can change the copy under us: read it as
    # immutable, which creates no -shm or -wal file (a copy left in WAL mode needs them).
    tries = ("mode=ro", "mode=ro&immutable=1") if wal.exists() and wal.stat().st_size else (
        "mode=ro&immutable=1",)
    for options in tries:
        conn = module.connect(f"{path.resolve().as_uri()}?{options}", uri=True,
                              isolation_level=None, timeout=10.0)
        try:
            conn.execute(_key_pragma(key))
            conn.execute("PRAGMA cipher_log_level = NONE")
            version = conn.execute("PRAGMA cipher_version").fetchone()
            if not version or not version[0]:
                raise NotEncrypted("The database library is not SQLCipher; refusing to continue.")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA query_only = ON")
            conn.set_authorizer(_authorizer)
            return conn
        except module.DatabaseError as exc:
            conn.close()
            last = exc
        except BaseException:
            conn.close()
            raise
    raise DatabaseError(
        "The database could not be decrypted with this key, or it is damaged.") from last


def cipher_version() -> str:
    """The SQLCipher library's version ("" when the library is plain SQLite)."""
    conn = _require_sqlcipher().connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    return str(row[0]) if row and row[0] else ""


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any exception.

    The only place that begins, commits or rolls back; every service change goes
    through it (``Session.transaction()`` too), so the audit row and the change it
    records commit or vanish together.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except BaseException as exc:
        _raise_named(conn, exc)
        raise
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        # SQLite may already have rolled back (e.g. disk full); a second ROLLBACK
        # would hide the real error behind "no transaction is active".
        if conn.in_transaction:
            with suppress(*sqlite_errors()):
                conn.execute("ROLLBACK")
        _raise_named(conn, exc)
        raise


def _raise_named(conn: Connection, exc: BaseException) -> None:
    """Raise the named fault (full disk, read-only file/folder/file system) behind an
    SQLite error; return when there is none."""
    if _sqlcipher is None or not isinstance(exc, _sqlcipher.DatabaseError) or isinstance(
            exc, FileFault):
        return
    fault = classify(exc, database_path(conn), SqliteFileFault)
    if fault is not None:
        raise fault from exc


def database_path(conn: Connection) -> Path | None:
    """The file the connection has open (None for an in-memory database)."""
    try:
        rows = conn.execute("PRAGMA database_list").fetchall()
    except BaseException:  # noqa: BLE001 - only a hint for an error message
        return None
    main = next((str(r[2]) for r in rows if r[1] == "main" and r[2]), "")
    return Path(main) if main else None


def rollback_quietly(conn: Connection) -> None:
    """Give up an open transaction on a connection about to be closed after a failure."""
    if conn.in_transaction:
        with suppress(*sqlite_errors()):
            conn.execute("ROLLBACK")


def checkpoint(conn: Connection) -> None:
    """Copy the write-ahead log into the file and empty it (erased pages do not linger)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rekey(conn: Connection, new_key: bytes) -> None:
    """Re-encrypt the whole file under ``new_key`` (``PRAGMA rekey``), atomically.

    Runs under a rollback journal, which makes the rewrite atomic; in WAL mode the
    new pages would sit in the WAL beside old-key pages in the main file. Refuses
    (changing nothing) while another connection keeps the file in WAL mode.
    """
    checkpoint(conn)
    if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
        raise CsodsError("Close every other window using the database, then rekey again.")
    conn.execute(_key_pragma(new_key, "rekey"))
    conn.execute("PRAGMA journal_mode = WAL").fetchone()


Stop = Callable[[], bool]


@contextmanager
def interruptible(conn: Connection, stop: Stop | None, every: int = 20_000) -> Iterator[None]:
    """Let ``stop()`` (asked every ``every`` VM steps) interrupt a long statement; the
    statement then fails with SQLite's "interrupted" error."""
    if stop is None:
        yield
        return
    conn.set_progress_handler(lambda: 1 if stop() else 0, every)
    try:
        yield
    finally:
        conn.set_progress_handler(None, every)


def cipher_integrity_problems(path: Path, key: bytes, stop: Stop | None = None,
                              read_only: bool = False) -> list[str]:
    """Run ``PRAGMA cipher_integrity_check`` on a fresh connection."""
    conn = open_read_only(path, key) if read_only else open_connection(path, key)
    try:
        with interruptible(conn, stop):
            return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()


def integrity_problems(conn: Connection, stop: Stop | None = None) -> list[str]:
    with interruptible(conn, stop):
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows
