"""#13 item 10: a full disk, a read-only file system, a 0444 database and a 0555 folder
are named as such, with what to do — never "the database may be damaged".

The tests run as root, and root writes through 0444 and 0555, so chmod alone does not
make SQLite fail here. Each test therefore sets the real permissions (which the
message is worked out from) and makes the connection raise SQLite's own error for
that fault — the same exception type, code name and text SQLite gives an ordinary
user (checked by hand as uid 65534: a 0444 file fails the first INSERT with
SQLITE_READONLY, a 0555 folder fails the first read of a WAL database with
SQLITE_READONLY). A full disk cannot be made (no small tmpfs): SQLITE_FULL is faked.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.domain.enums import AuditAction
from app.errors import CsodsError
from app.file_faults import Cause, FileFault, classify, os_error_sentence
from app.storage import connection as connection_module
from tests.conftest import TestUnit
from tests.unit.case_walk import open_new

DAMAGED = ("damaged", "restore the latest backup")


def sqlite_error(name: str, code: int, text: str) -> Exception:
    error = sqlcipher3.OperationalError(text)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


READONLY = ("SQLITE_READONLY", 8, "attempt to write a readonly database")
FULL = ("SQLITE_FULL", 13, "database or disk is full")


class FaultyConnection:
    """A real connection that fails one kind of statement with SQLite's own error."""

    def __init__(self, real: Any, fails: str, error: Exception) -> None:
        self._real = real
        self._fails = fails
        self._error = error

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(self._fails):
            raise self._error
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _fail_connections(monkeypatch: pytest.MonkeyPatch, fails: str, error: Exception) -> None:
    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> FaultyConnection:
        return FaultyConnection(real_connect(*args, **kwargs), fails, error)

    monkeypatch.setattr(connection_module._sqlcipher, "connect", connect)


def _assert_named(error: BaseException, cause: Cause, *words: str) -> None:
    assert isinstance(error, FileFault) and error.cause is cause
    text = str(error)
    assert all(w in text for w in words), text
    assert not any(d in text for d in DAMAGED[1:]) and "not damaged" in text


@pytest.fixture
def restore_modes(unit: TestUnit) -> Iterator[None]:
    yield
    os.chmod(unit.db.parent, 0o770)  # noqa: S103 - as the unit made it
    os.chmod(unit.db, 0o660)


def test_a_0444_database_at_sign_in(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                                    restore_modes: None) -> None:
    os.chmod(unit.db, 0o444)
    _fail_connections(monkeypatch, "BEGIN IMMEDIATE", sqlite_error(*READONLY))
    with pytest.raises(CsodsError) as raised:
        unit.officer()
    _assert_named(raised.value, Cause.READ_ONLY_FILE, "read-only", str(unit.db),
                  "write permission")


def test_a_0555_folder_at_sign_in(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                                  restore_modes: None) -> None:
    os.chmod(unit.db.parent, 0o555)  # noqa: S103 - a read-only folder
    # A WAL database in a folder where the -shm file cannot be made: the first read fails.
    _fail_connections(monkeypatch, "SELECT COUNT(*) FROM SQLITE_MASTER",
                      sqlite_error(*READONLY))
    with pytest.raises(CsodsError) as raised:
        unit.officer()
    _assert_named(raised.value, Cause.READ_ONLY_FOLDER, "folder", "read-only",
                  str(unit.db.parent), "Ask IT")


def test_a_full_disk_while_saving(unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit.officer() as olive:
        before = olive.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        real = olive._conn  # noqa: SLF001 - the test swaps in a failing connection
        olive._conn = FaultyConnection(real, "COMMIT", sqlite_error(*FULL))  # noqa: SLF001
        with pytest.raises(CsodsError) as raised:
            open_new(olive)
        _assert_named(raised.value, Cause.DISK_FULL, "full", "Free some disk space")
        olive._conn = real  # noqa: SLF001
        assert not real.in_transaction  # rolled back, nothing half-written
        assert real.execute("SELECT count(*) FROM audit").fetchone()[0] == before
        assert real.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_read_only_file_system(unit: TestUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import file_faults

    class ReadOnlyFs:
        f_flag = os.ST_RDONLY
        f_bavail = f_frsize = 1 << 20

    monkeypatch.setattr(file_faults.os, "statvfs", lambda _p: ReadOnlyFs())
    with unit.officer() as olive:
        real = olive._conn  # noqa: SLF001
        olive._conn = FaultyConnection(real, "BEGIN", sqlite_error(*READONLY))  # noqa: SLF001
        with pytest.raises(CsodsError) as raised:
            olive.record(AuditAction.CONSULT, detail="x")
        olive._conn = real  # noqa: SLF001
    _assert_named(raised.value, Cause.READ_ONLY_FILE_SYSTEM, "read-only file system")


def test_os_errors_are_named(tmp_path: Path) -> None:
    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()
    full = os_error_sentence(OSError(errno.ENOSPC, "No space left on device", str(target)))
    assert full is not None and "full" in full and "Free some disk space" in full
    os.chmod(target.parent, 0o555)  # noqa: S103 - a read-only folder
    try:
        denied = os_error_sentence(PermissionError(errno.EACCES, "Permission denied",
                                                   str(target)))
    finally:
        os.chmod(target.parent, 0o755)  # noqa: S103 - put back
    assert denied is not None and "folder" in denied and "read-only" in denied
    assert os_error_sentence(OSError(errno.ENOENT, "No such file", str(target))) is None


def test_the_cli_names_a_full_disk_in_one_line(unit: TestUnit, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main
    from tests.conftest import SUPERVISOR_PW

    # A key holder's command (administrators sign in from the key file alone).
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    _fail_connections(monkeypatch, "BEGIN IMMEDIATE", sqlite_error(*FULL))
    code = main(["figures", "--db", str(unit.db), "--user", "sam", "--year", "2026",
                 "--format", "csv"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(lines) == 1, lines
    assert "full" in lines[0] and "Traceback" not in lines[0]
    assert not any(d in lines[0] for d in DAMAGED[1:])


def test_damage_is_still_called_damage(tmp_path: Path) -> None:
    """Only the named faults change their words: other SQLite errors are not faults."""
    db = tmp_path / "unit.db"
    db.write_bytes(b"x")
    corrupt = sqlite_error("SQLITE_NOTADB", 26, "file is not a database")
    assert classify(corrupt, db) is None
    assert classify(ValueError("x"), db) is None
