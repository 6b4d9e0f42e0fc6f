"""Reading passwords and printing for the command line."""

from __future__ import annotations

import getpass
import sys

from app.errors import CsodsError
from app.settings import PASSWORD, EnvVar


class UsageError(CsodsError):
    pass


def password(prompt: str = "Password: ", env: EnvVar = PASSWORD) -> str:
    """From the environment variable when set, else prompted without echo."""
    value = env.get()
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"No terminal to ask for the password: set {env.name}.")
    return getpass.getpass(prompt)


def new_password(prompt: str, env: EnvVar) -> str:
    """A new password: from ``env`` when set, else typed twice."""
    value = env.get()
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"No terminal to ask for the new password: set {env.name}.")
    first = getpass.getpass(prompt)
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords are not the same; nothing was changed.")
    return first


def out(text: str = "") -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
