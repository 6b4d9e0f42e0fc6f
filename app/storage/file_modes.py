"""One permission for every file of a unit: owner and group may read and write.

The unit's officers may sign in to the workstation under different accounts:
IT puts those accounts in one group and gives the unit folder to that group
(packaging/INSTALL.md). Everything is encrypted anyway; nobody else needs even
the ciphertext. On Windows the folder's ACL decides and this is a no-op.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

UNIT_FILE_MODE = 0o660


def restrict(path: Path | str) -> None:
    """Apply the unit file mode (best effort: never fails the operation)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(path, UNIT_FILE_MODE)


def restrict_fd(fd: int) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.fchmod(fd, UNIT_FILE_MODE)
