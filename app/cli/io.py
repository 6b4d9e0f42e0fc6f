"""Reading passwords and printing for the command line."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.errors import CsodsError


class UsageError(CsodsError):
    pass


def password(prompt: str = "Password: ", env: str = "CSODS_PASSWORD") -> str:
    """From the environment variable when set, else prompted without echo."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"No terminal to ask for the password: set {env}.")
    return getpass.getpass(prompt)


def new_password(prompt: str, env: str) -> str:
    """A new password: from ``env`` when set, else typed twice."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"No terminal to ask for the new password: set {env}.")
    first = getpass.getpass(prompt)
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords are not the same; nothing was changed.")
    return first


def default_db() -> Path:
    """$CSODS_DB, else ``unit.db`` in the account's data folder (see app.paths)."""
    from app.paths import default_unit_db

    return Path(default_unit_db())


def out(text: str = "") -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
