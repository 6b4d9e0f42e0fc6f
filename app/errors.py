"""Errors a user can be shown. Every message is one plain sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any


class CsodsError(Exception):
    """Base class: `str(error)` is safe to show to the user (no personal data)."""


class UnitNotFound(CsodsError):
    pass


class UnitExists(CsodsError):
    pass


class KeyFileError(CsodsError):
    """The key file is missing, unreadable or does not belong to this database."""


class AuthenticationFailed(CsodsError):
    def __init__(self) -> None:
        super().__init__("The user name or password is not right.")


class AccountLocked(CsodsError):
    def __init__(self, until: datetime) -> None:
        self.until = until
        local = until.astimezone(_london()).strftime("%H:%M on %d %b %Y")
        super().__init__(f"Too many failed attempts: sign-in is locked until {local}.")


class AccountDisabled(CsodsError):
    def __init__(self) -> None:
        super().__init__("This account has been disabled. Ask your administrator.")


class AccountPending(CsodsError):
    def __init__(self) -> None:
        super().__init__("This account is awaiting a supervisor's approval; it cannot sign in "
                         "until a supervisor approves it in the application.")


class PasswordPolicyError(CsodsError):
    pass


class NotAuthorised(CsodsError):
    def __init__(self, role: str, action: str) -> None:
        self.role = role
        self.action = action
        super().__init__(f"Your role ({role}) may not {action}.")


class DatabaseError(CsodsError):
    """The database could not be opened or is damaged."""


class NotEncrypted(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This database was written by a newer version of CSODS Case Manager "
            f"(schema {found}; this version understands up to {supported}). "
            "Install the newer version; the file has not been changed."
        )


class RecordTooNew(CsodsError):
    """A stage record was saved under a newer form version than this application knows."""

    def __init__(self, reference: str, stage_title: str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"Case {reference} cannot be opened: its {stage_title} record was saved by a "
            f"newer version of CSODS Case Manager (form version {found}; this version "
            f"understands up to {supported}). Install the newer version; nothing has been "
            "changed."
        )


class NotFound(CsodsError):
    pass


class InvalidInput(CsodsError):
    """Input refused with one or more reasons (e.g. missing mandatory fields)."""

    def __init__(self, message: str, problems: Sequence[Any] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)


class RefusedByGuardrail(CsodsError):
    """The scheme does not allow this; `reasons` each name the ¶ they enforce."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


def _london() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")
