"""Password policy (≥ 12 characters, not the user name)."""

from __future__ import annotations

import re

from app.errors import InvalidInput, PasswordPolicyError

MIN_LENGTH = 12
MAX_LENGTH = 1024
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


def check_password(username: str, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"The password must be at least {MIN_LENGTH} characters long.")
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(f"The password must be at most {MAX_LENGTH} characters long.")
    if not password.strip():
        raise PasswordPolicyError("The password cannot be only spaces.")
    if username and username.casefold() in password.casefold():
        raise PasswordPolicyError("The password must not contain the user name.")


def check_username(username: str) -> None:
    if not _USERNAME.match(username):
        raise InvalidInput(
            "A user name is 2–32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter."
        )
