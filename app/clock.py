"""Injectable clock: everything that needs "now" asks a Clock (tests move time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to (tests)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, instant: datetime) -> None:
        self._now = instant.astimezone(UTC)


def to_iso(instant: datetime) -> str:
    """Store instants as ISO 8601 UTC with an explicit offset."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime")
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("naive datetime in storage")
    return value.astimezone(UTC)
