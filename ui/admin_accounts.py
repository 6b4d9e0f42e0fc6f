"""What the administrator's account table shows for each account (no case content)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.errors import CsodsError

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.users import Account


def day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y")
    except ValueError:
        return iso


def locked_names(session: Session) -> dict[str, str]:
    from app.services.lockouts import locked_accounts

    london = ZoneInfo("Europe/London")
    try:
        found = locked_accounts(session)
    except CsodsError:
        return {}
    return {a.username: f"Locked until {a.until.astimezone(london):%H:%M}" for a in found}


def account_cells(account: Account, locked: dict[str, str]) -> tuple[str, ...]:
    """The row's cells: user name, name, role, status (locked, awaiting, disabled) and
    the day the account was created."""
    status = "Active" if account.active else f"Disabled {day(account.disabled_at)}"
    if account.awaiting:
        status = f"Awaiting a supervisor ({account.awaiting})"
    status = locked.get(account.username, status)
    return (account.username, account.display_name, account.role.value.capitalize(),
            status, day(account.created_at))
