"""Writing a file a user chose, outside the encrypted unit: the one audited way onto disk.

The audit rows and the file go together: the file is written inside the audit rows'
transaction (a new, plain file: never over an existing one, never through a symbolic
link) and removed again if that transaction does not commit.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from app.errors import CsodsError
from app.services.session import Session
from app.storage.connection import Connection

_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
          | getattr(os, "O_NOFOLLOW", 0))


def new_file_target(path: Path) -> Path:
    """``path`` with its folder resolved (never the file itself); refused when it is a
    symbolic link (even a dangling one: it could point anywhere) or already exists."""
    path = path.expanduser()
    if path.is_symlink():
        raise CsodsError(f"{path} is a symbolic link; the file is only written to a new, "
                         "plain file. Choose another name.")
    path = path.parent.resolve() / path.name
    if path.exists():
        raise CsodsError(f"{path} already exists; choose another name.")
    return path


def write_audited(session: Session, path: Path, data: bytes,
                  audit: Callable[[Connection], None]) -> None:
    """Run ``audit(conn)`` and write ``data`` to the new file ``path`` in one transaction;
    the file is removed if the transaction does not commit."""
    created = False
    try:
        with session.transaction() as conn:
            audit(conn)
            fd = os.open(path, _FLAGS, 0o600)
            created = True
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
